export * from './comfy-prompt.js';
export * from './comfy-file-names.js';
export * from './comfy-node-table.js';
export * from './comfy-compile.errors.js';
export * from './comfy-placeholders.js';
export * from './compile-to-comfy-graph.js';
export * from './validate-comfy-graph.js';
export * from './render-recipe.js';
