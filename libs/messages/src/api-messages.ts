// The API's sentences, by reason. Group by module; keys are `<module>.<what>`.
// Parameters are strings or numbers; lists are joined by the API with ", ".
export const API_MESSAGES = {
  // ---- templates -------------------------------------------------------------------------
  'template.titleLength': 'Title must be {min} to {max} characters.',
  'template.descriptionLength': 'Description must be at most {max} characters.',
  'template.tooManyTags': 'At most {max} tags.',
  'template.tagInvalid': 'Tag "{tag}" must be up to {max} letters, digits, spaces, - or _.',
  'template.categoryUnknown': 'There is no category "{category}". Pick one from the list (admins keep it under Categories).',
  'template.categoryArchived': 'The category "{name}" is archived: templates already in it keep it, but it cannot be picked any more.',
  // ---- template categories -----------------------------------------------------------------
  'category.nameLength': 'Name must be {min} to {max} characters.',
  'category.nameZhLength': 'Chinese name must be at most {max} characters.',
  'category.keyRequired': 'Give the category a key (lower-case letters, digits and -): none can be made from this name.',
  'category.keyInvalid': 'A category key is 1 to 40 lower-case letters, digits or -, starting with a letter or digit (got "{key}").',
  'category.keyTaken': 'There is already a category with the key "{key}".',
  'category.positionRange': 'Position must be between {min} and {max}.',
} as const;

export type ApiMessageKey = keyof typeof API_MESSAGES;
