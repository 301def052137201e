export * from './canvas-2d-context.js';
export * from './openpose-colors.js';
export * from './pose-map.js';
export * from './kelvin-to-rgb.js';
export * from './light-map.js';
export * from './reference-placement.js';
