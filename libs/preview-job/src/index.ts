export * from './job-state.js';
export * from './protocol.js';
