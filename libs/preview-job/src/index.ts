export * from './job-state.js';
