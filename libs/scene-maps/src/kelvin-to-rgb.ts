// Colour temperature -> RGB, Tanner Helland's curve fit of the blackbody colours (2000..10000 K here).
import type { RgbColor } from '@atelier/template-spec';

export const KELVIN_MIN = 2000;
export const KELVIN_MAX = 10000;

/** A colour temperature in K (clamped to 2000..10000) -> RGB 0..255 integers; 6500 K is about white. */
export function kelvinToRgb(kelvin: number): RgbColor {
  const temperature = Math.min(KELVIN_MAX, Math.max(KELVIN_MIN, kelvin)) / 100;
  const red = temperature <= 66 ? 255 : 329.698727446 * (temperature - 60) ** -0.1332047592;
  const green =
    temperature <= 66
      ? 99.4708025861 * Math.log(temperature) - 161.1195681661
      : 288.1221695283 * (temperature - 60) ** -0.0755148492;
  const blue =
    temperature >= 66 ? 255 : temperature <= 19 ? 0 : 138.5177312231 * Math.log(temperature - 10) - 305.0447927307;
  return [toChannel(red), toChannel(green), toChannel(blue)];
}

function toChannel(value: number): number {
  return Math.round(Math.min(255, Math.max(0, value)));
}
