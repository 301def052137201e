// The slice of the Canvas 2D API the scene maps draw with, declared structurally (no DOM lib), so the
// browser's CanvasRenderingContext2D and @napi-rs/canvas's SKRSContext2D both satisfy it as they are.

export interface Canvas2DGradient {
  addColorStop(offset: number, color: string): void;
}

export interface Canvas2DTextMetrics {
  readonly width: number;
}

export interface Canvas2DSize {
  width: number;
  height: number;
}

export interface Canvas2DContext {
  // Read as unknown: real contexts also hold patterns, which we never set.
  get fillStyle(): unknown;
  set fillStyle(style: string | Canvas2DGradient);
  get strokeStyle(): unknown;
  set strokeStyle(style: string | Canvas2DGradient);
  lineWidth: number;
  // Real contexts type these as literal unions; strings keep both implementations assignable.
  get lineCap(): string;
  set lineCap(cap: 'butt' | 'round' | 'square');
  globalAlpha: number;
  get globalCompositeOperation(): string;
  set globalCompositeOperation(operation: 'source-over' | 'lighter' | 'screen' | 'multiply' | 'soft-light');
  font: string;
  get textAlign(): string;
  set textAlign(align: 'left' | 'right' | 'center' | 'start' | 'end');
  get textBaseline(): string;
  set textBaseline(baseline: 'top' | 'middle' | 'bottom' | 'alphabetic' | 'hanging' | 'ideographic');

  save(): void;
  restore(): void;
  translate(x: number, y: number): void;
  rotate(angle: number): void;

  fillRect(x: number, y: number, width: number, height: number): void;
  beginPath(): void;
  moveTo(x: number, y: number): void;
  lineTo(x: number, y: number): void;
  arc(x: number, y: number, radius: number, startAngle: number, endAngle: number, counterclockwise?: boolean): void;
  ellipse(
    x: number,
    y: number,
    radiusX: number,
    radiusY: number,
    rotation: number,
    startAngle: number,
    endAngle: number,
    counterclockwise?: boolean,
  ): void;
  fill(): void;
  stroke(): void;

  createRadialGradient(x0: number, y0: number, r0: number, x1: number, y1: number, r1: number): Canvas2DGradient;
  fillText(text: string, x: number, y: number, maxWidth?: number): void;
  measureText(text: string): Canvas2DTextMetrics;
}
