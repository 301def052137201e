export * from './webhook-signature.js';
export * from './render-webhook.js';
export * from './atelier-error.js';
export * from './atelier-client.js';
export * from './types.js';
