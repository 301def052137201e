import { describe, expect, it } from '@jest/globals';
import { DEMO_LORA_MAX_RANK, makeDemoLoraSafetensors } from './demo-lora.js';
import { parseSafetensorsHeader } from './parse-header.js';

// toEqual walks 70 KB arrays slowly; a plain loop is instant.
function isSameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

describe('makeDemoLoraSafetensors', () => {
  it.each([
    ['sd15', 'sd_v1', 320],
    ['sdxl', 'sdxl_base_v1-0', 640],
  ] as const)('writes a valid %s LoRA with kohya metadata', (baseModel, version, firstWidth) => {
    const bytes = makeDemoLoraSafetensors({ name: 'Soft window light', baseModel });
    const result = parseSafetensorsHeader(bytes);
    if (!result.ok) throw new Error(result.reason);
    expect(result.header.metadata).toMatchObject({
      ss_network_module: 'networks.lora',
      ss_base_model_version: version,
      ss_network_dim: '4',
      'modelspec.title': 'Soft window light',
    });
    const down = result.header.tensors.find((t) => t.name.endsWith('.lora_down.weight'));
    expect(down).toMatchObject({ dtype: 'F16', shape: [4, firstWidth] });
    expect(result.header.tensors.some((t) => t.name.endsWith('.lora_up.weight'))).toBe(true);
  });

  it('stays under 200 KB at the largest rank', () => {
    for (const baseModel of ['sd15', 'sdxl'] as const) {
      expect(makeDemoLoraSafetensors({ name: 'x', baseModel, rank: DEMO_LORA_MAX_RANK }).length).toBeLessThan(200 * 1024);
    }
  });

  it('is reproducible for a seed and differs between seeds', () => {
    const make = (seed: number) => makeDemoLoraSafetensors({ name: 'x', baseModel: 'sd15', seed });
    expect(isSameBytes(make(3), make(3))).toBe(true);
    expect(isSameBytes(make(3), make(4))).toBe(false);
  });

  it('refuses a rank it cannot keep small', () => {
    expect(() => makeDemoLoraSafetensors({ name: 'x', baseModel: 'sd15', rank: 64 })).toThrow(RangeError);
  });
});
