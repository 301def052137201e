// The API's sentences, by reason. Group by module; keys are `<module>.<what>`.
// Parameters are strings or numbers; lists are joined by the API with ", ".
export const API_MESSAGES = {
  // ---- templates -------------------------------------------------------------------------
  'template.titleLength': 'Title must be {min} to {max} characters.',
  'template.descriptionLength': 'Description must be at most {max} characters.',
  'template.tooManyTags': 'At most {max} tags.',
  'template.tagInvalid': 'Tag "{tag}" must be up to {max} letters, digits, spaces, - or _.',
  'template.categoryUnknown': 'There is no category "{category}". Pick one from the list (admins keep it under Categories).',
} as const;

export type ApiMessageKey = keyof typeof API_MESSAGES;
