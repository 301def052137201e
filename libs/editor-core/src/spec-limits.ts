// Numeric limits read from the spec schema, so the editor clamps to exactly what validation accepts.
import { lightSchema, referenceSchema } from '@atelier/template-spec';

export interface NumberRange {
  readonly min: number;
  readonly max: number;
}

function readRange(schema: { minValue: number | null; maxValue: number | null }, name: string): NumberRange {
  if (schema.minValue === null || schema.maxValue === null) throw new Error(`The spec schema gives ${name} no range`);
  return { min: schema.minValue, max: schema.maxValue };
}

const light = lightSchema.shape;
const reference = referenceSchema.shape;

/** Light intensity range (schema: 0..2). */
export const LIGHT_INTENSITY_RANGE = readRange(light.intensity, 'light intensity');

/** Colour temperature range in kelvin (schema: whole numbers in 2000..10000). */
export const LIGHT_COLOR_TEMPERATURE_RANGE = readRange(light.colorTemperatureK, 'light colour temperature');

/** Light radius range; the schema only asks for more than 0, and 1 % of the canvas is the smallest light worth drawing. */
export const LIGHT_RADIUS_RANGE: NumberRange = { min: 0.01, max: readRange(light.radius, 'light radius').max };

/** Reference scale range; the schema only asks for more than 0, and below 5 % the image is too small to grab. */
export const REFERENCE_SCALE_RANGE: NumberRange = { min: 0.05, max: readRange(reference.scale, 'reference scale').max };

/** A number and a range -> the number inside the range (NaN becomes its min). */
export function clampToRange(value: number, range: NumberRange): number {
  return Number.isNaN(value) ? range.min : Math.min(range.max, Math.max(range.min, value));
}
