export * from './draw-scene-map-pngs.js';
