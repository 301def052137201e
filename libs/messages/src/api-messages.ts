// The API's sentences, by reason. Group by module; keys are `<module>.<what>`.
// Parameters are strings or numbers; lists are joined by the API with ", ".
export const API_MESSAGES = {
  // ---- templates -------------------------------------------------------------------------
  'template.titleLength': 'Title must be {min} to {max} characters.',
  'template.descriptionLength': 'Description must be at most {max} characters.',
  'template.tooManyTags': 'At most {max} tags.',
  'template.tagInvalid': 'Tag "{tag}" must be up to {max} letters, digits, spaces, - or _.',
  'template.categoryUnknown': 'There is no category "{category}". Pick one from the list (admins keep it under Categories).',

  // ---- common: not found, access, paging, limits, server failures ----------------------------
  'common.notFound.template': 'Template not found.',
  'common.notFound.templateVersion': 'Template version not found.',
  'common.notFound.preview': 'Preview not found.',
  'common.notFound.previewBatch': 'Preview batch not found.',
  'common.notFound.previewJob': 'Preview job not found.',
  'common.notFound.previewSubject': 'Preview subject not found.',
  'common.notFound.user': 'User not found.',
  'common.notFound.designer': 'Designer not found.',
  'common.notFound.lora': 'LoRA not found.',
  'common.notFound.loraFile': 'LoRA file not found.',
  'common.notFound.identityLora': 'Identity LoRA not found.',
  'common.notFound.thumbnailImage': 'Thumbnail image not found.',
  'common.notFound.consentDocument': 'Consent document not found.',
  'common.notFound.facePhoto': 'Face photo not found.',
  'common.notFound.asset': 'Asset not found.',
  'common.notFound.statement': 'Statement not found.',
  'common.notFound.apiKey': 'API key not found.',
  'common.notFound.workerToken': 'Worker token not found.',
  'common.forbidden': 'You do not have access to this.',
  'common.unauthenticated': 'Please sign in.',
  'common.pageSize': '"first" must be between 1 and {max}.',
  'common.invalidCursor': 'The "after" cursor is not valid; use an endCursor from a previous page.',
  'common.queryTooDeep': 'This query is nested too deeply. At most {maxDepth} levels of fields may be nested; ask for less nested data.',
  'common.queryTooComplex': 'This query asks for too much at once (cost {complexity}, the limit is {maxComplexity}). Request fewer items per page or fewer fields.',
  'common.tooManyMutations': 'This request runs {mutations} mutations; at most {maxMutations} may run in one request. Send the rest in further requests.',
  'common.duplicateName': 'Something with the same name or email was just created. Please choose another.',
  'common.nulCharacter': 'Text cannot contain NUL characters (\\u0000). Remove them and try again.',
  'common.internal': 'Something went wrong on our side. Please try again; if it keeps happening, quote reference {reference}.',
  'access.apiKeyOrUserMissing': 'This API needs an x-api-key header or a signed-in studio user.',
  'access.apiKeyMissing': 'This API needs an x-api-key header.',
  'access.apiKeyScope': 'This API key lacks the {scope} scope.',
  'access.csrfMissing': "This request carries the studio's session cookie without its {header} header, so it may come from another site. Reload the studio and try again.",
  'subscription.bearerMalformed': "Send the session token as connectionParams { authorization: 'Bearer <token>' }.",
  'subscription.csrfMissing': "Send the studio's CSRF token as connectionParams { '{header}': '<token>' } with its session cookie.",
  'subscription.apiKeyMalformed': "Send the API key as connectionParams { 'x-api-key': '<key>' }.",
  'subscription.tooMany': 'This connection already runs {maxSubscriptions} subscriptions, the most one connection may. Stop one before starting another.',
  'subscription.onlySubscriptions': 'Only subscriptions run over the WebSocket; send queries and mutations as HTTP POST to /graphql.',

  // ---- API keys and worker tokens ------------------------------------------------------------
  'apiKey.nameLength': 'Name the API key ({min} to {max} characters).',
  'apiKey.invalid': 'The API key is not valid.',
  'apiKey.revoked': 'This API key has been revoked.',
  'workerToken.nameLength': 'Name the worker token ({min} to {max} characters).',
  'workerToken.invalid': 'The worker token is not valid.',
  'workerToken.revoked': 'This worker token has been revoked.',
} as const;

export type ApiMessageKey = keyof typeof API_MESSAGES;
