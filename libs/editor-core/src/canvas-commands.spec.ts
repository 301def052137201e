import { describe, expect, it } from '@jest/globals';
import {
  CANVAS_ASPECT_PRESETS,
  checkCanvasSize,
  findCanvasAspectPreset,
  sizeCanvasForAspect,
} from './canvas-commands.js';
import { canUndo } from './editor-history.js';
import { applyCommands, makeEditorState } from './testing/make-editor-state.js';

const SDXL = { width: 832, height: 1216 };
const SD15 = { width: 512, height: 768 };

describe('sizeCanvasForAspect', () => {
  it.each([
    ['3:4', { width: 864, height: 1152 }],
    ['1:1', { width: 1008, height: 1008 }],
    ['9:16', { width: 752, height: 1336 }],
  ] as const)('turns the SDXL canvas into %s at about the same area', (presetId, expected) => {
    expect(sizeCanvasForAspect(SDXL, presetId)).toEqual(expected);
  });

  it.each(CANVAS_ASPECT_PRESETS.map((preset) => [preset.id, preset] as const))(
    'gives a canvas that reads as %s, within 5 %% of the area, in multiples of 8',
    (_, preset) => {
      for (const canvas of [SDXL, SD15, { width: 1024, height: 1024 }, { width: 2048, height: 1536 }]) {
        const sized = sizeCanvasForAspect(canvas, preset.id);
        expect(sized.width % 8).toBe(0);
        expect(sized.height % 8).toBe(0);
        expect(checkCanvasSize(sized)).toEqual([]);
        expect(findCanvasAspectPreset(sized)).toBe(preset.id);
        const area = canvas.width * canvas.height;
        const idealHeight = Math.sqrt((area * preset.ratioHeight) / preset.ratioWidth);
        const idealWidth = area / idealHeight;
        const fits = Math.min(idealWidth, idealHeight) >= 512 && Math.max(idealWidth, idealHeight) <= 2048;
        if (fits) expect(Math.abs((sized.width * sized.height) / (canvas.width * canvas.height) - 1)).toBeLessThan(0.05);
      }
    },
  );

  it('grows a small canvas rather than going under 512 px', () => {
    expect(sizeCanvasForAspect(SD15, '9:16')).toEqual({ width: 512, height: 912 });
  });

  it('keeps a canvas that already has the aspect, and is stable when applied twice', () => {
    expect(sizeCanvasForAspect(SDXL, '2:3')).toBe(SDXL);
    for (const preset of CANVAS_ASPECT_PRESETS) {
      const once = sizeCanvasForAspect(SDXL, preset.id);
      expect(sizeCanvasForAspect(once, preset.id)).toEqual(once);
    }
  });
});

describe('findCanvasAspectPreset', () => {
  it('recognises presets within 3 % and calls everything else custom', () => {
    expect(findCanvasAspectPreset(SDXL)).toBe('2:3');
    expect(findCanvasAspectPreset({ width: 1024, height: 1024 })).toBe('1:1');
    expect(findCanvasAspectPreset({ width: 768, height: 1344 })).toBe('9:16');
    expect(findCanvasAspectPreset({ width: 1216, height: 832 })).toBeNull();
  });
});

describe('checkCanvasSize', () => {
  it('accepts a valid size and explains an invalid one in the spec\'s words', () => {
    expect(checkCanvasSize({ width: 1024, height: 1536 })).toEqual([]);
    expect(checkCanvasSize({ width: 1020, height: 1536 })).toHaveLength(1);
    expect(checkCanvasSize({ width: 256, height: 4096 })).toHaveLength(2);
    expect(checkCanvasSize({ width: 1024.5, height: 1024 }).length).toBeGreaterThan(0);
  });
});

describe('setCanvasAspect and setCanvasSize', () => {
  it('change only the canvas; positions stay normalised', () => {
    const state = makeEditorState();
    const square = applyCommands(state, { type: 'setCanvasAspect', presetId: '1:1' });
    expect(square.document.spec.canvas).toEqual({ width: 1008, height: 1008 });
    expect(square.document.spec.subject).toBe(state.document.spec.subject);
    expect(square.document.spec.pose).toBe(state.document.spec.pose);
    expect(canUndo(square)).toBe(true);
  });

  it('take a valid custom size and ignore an invalid one', () => {
    const state = makeEditorState();
    expect(applyCommands(state, { type: 'setCanvasSize', width: 1024, height: 1536 }).document.spec.canvas).toEqual({
      width: 1024,
      height: 1536,
    });
    expect(applyCommands(state, { type: 'setCanvasSize', width: 1023, height: 1536 })).toBe(state);
    expect(applyCommands(state, { type: 'setCanvasSize', width: 4096, height: 1536 })).toBe(state);
  });
});
