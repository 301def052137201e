// Test double: a Canvas2DContext that records every drawing call with the state it was drawn in.
import type { Canvas2DContext, Canvas2DGradient, Canvas2DTextMetrics } from '../canvas-2d-context.js';

export class RecordingGradient implements Canvas2DGradient {
  readonly stops: { offset: number; color: string }[] = [];
  constructor(readonly circles: readonly [number, number, number, number, number, number]) {}
  addColorStop(offset: number, color: string): void {
    this.stops.push({ offset, color });
  }
}

type Style = string | Canvas2DGradient;

export interface RecordedCall {
  method: string;
  args: unknown[];
  /** State at the time of the call, so a test can ask what colour a shape was filled with. */
  fillStyle: Style;
  strokeStyle: Style;
  globalCompositeOperation: string;
  globalAlpha: number;
}

interface DrawingState {
  fillStyle: Style;
  strokeStyle: Style;
  lineWidth: number;
  lineCap: 'butt' | 'round' | 'square';
  globalAlpha: number;
  globalCompositeOperation: 'source-over' | 'lighter' | 'screen' | 'multiply' | 'soft-light';
  font: string;
  textAlign: 'left' | 'right' | 'center' | 'start' | 'end';
  textBaseline: 'top' | 'middle' | 'bottom' | 'alphabetic' | 'hanging' | 'ideographic';
}

export class RecordingCanvasContext implements Canvas2DContext {
  readonly calls: RecordedCall[] = [];
  readonly gradients: RecordingGradient[] = [];
  fillStyle: Style = '#000000';
  strokeStyle: Style = '#000000';
  lineWidth = 1;
  lineCap: DrawingState['lineCap'] = 'butt';
  globalAlpha = 1;
  globalCompositeOperation: DrawingState['globalCompositeOperation'] = 'source-over';
  font = '10px sans-serif';
  textAlign: DrawingState['textAlign'] = 'start';
  textBaseline: DrawingState['textBaseline'] = 'alphabetic';
  private readonly stack: DrawingState[] = [];

  /** Calls of one method, in order. */
  callsOf(method: string): RecordedCall[] {
    return this.calls.filter((call) => call.method === method);
  }

  save(): void {
    this.record('save', []);
    const { fillStyle, strokeStyle, lineWidth, lineCap, globalAlpha, globalCompositeOperation, font, textAlign, textBaseline } = this;
    this.stack.push({ fillStyle, strokeStyle, lineWidth, lineCap, globalAlpha, globalCompositeOperation, font, textAlign, textBaseline });
  }
  restore(): void {
    this.record('restore', []);
    const state = this.stack.pop();
    if (state) Object.assign(this, state);
  }
  translate(...args: [number, number]): void { this.record('translate', args); }
  rotate(...args: [number]): void { this.record('rotate', args); }
  fillRect(...args: [number, number, number, number]): void { this.record('fillRect', args); }
  beginPath(): void { this.record('beginPath', []); }
  moveTo(...args: [number, number]): void { this.record('moveTo', args); }
  lineTo(...args: [number, number]): void { this.record('lineTo', args); }
  arc(...args: [number, number, number, number, number, boolean?]): void { this.record('arc', args); }
  ellipse(...args: [number, number, number, number, number, number, number, boolean?]): void { this.record('ellipse', args); }
  fill(): void { this.record('fill', []); }
  stroke(): void { this.record('stroke', []); }
  createRadialGradient(...args: [number, number, number, number, number, number]): RecordingGradient {
    this.record('createRadialGradient', args);
    const gradient = new RecordingGradient(args);
    this.gradients.push(gradient);
    return gradient;
  }
  fillText(...args: [string, number, number, number?]): void { this.record('fillText', args); }
  measureText(text: string): Canvas2DTextMetrics {
    this.record('measureText', [text]);
    return { width: text.length * 6 };
  }

  private record(method: string, args: unknown[]): void {
    const { fillStyle, strokeStyle, globalCompositeOperation, globalAlpha } = this;
    this.calls.push({ method, args, fillStyle, strokeStyle, globalCompositeOperation, globalAlpha });
  }
}
