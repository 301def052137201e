import { Circle, Group, Text } from 'react-konva';

export interface CanvasPin {
  /** The number shown in the marker (the comment's number in the list beside it). */
  number: number;
  /** Canvas px. */
  x: number;
  y: number;
}

const RADIUS = 11;

/**
 * Numbered review-comment markers for EditorCanvas's `overlay`: the same screen size at any zoom
 * (scaled by 1 / zoom), not listening, so clicks still reach the artboard below.
 */
export function CommentPins({ pins, inverseZoom, activeNumber = null }: { pins: readonly CanvasPin[]; inverseZoom: number; activeNumber?: number | null }) {
  return (
    <Group listening={false} name="comment-pins">
      {pins.map((pin) => {
        const isActive = pin.number === activeNumber;
        return (
          <Group key={pin.number} x={pin.x} y={pin.y} scaleX={inverseZoom} scaleY={inverseZoom} name="comment-pin">
            <Circle radius={RADIUS + (isActive ? 2 : 0)} fill={isActive ? '#f59e0b' : '#5b5bd6'} stroke="#ffffff" strokeWidth={2} shadowColor="black" shadowBlur={6} shadowOpacity={0.45} />
            <Text text={String(pin.number)} x={-RADIUS} y={-RADIUS} width={RADIUS * 2} height={RADIUS * 2} align="center" verticalAlign="middle" fontSize={12} fontStyle="bold" fill="#ffffff" />
          </Group>
        );
      })}
    </Group>
  );
}
