import { Arrow, Circle, Group } from 'react-konva';
import { isArrowVisible, type GhostMoves } from './ghost-moves';

/** The older version's colour on the canvas (the legend uses the same). */
export const GHOST_COLOUR = '#f59e0b';

/**
 * The older version's joints and lights that moved, drawn over the newer version: semi-transparent,
 * dashed ghosts at their old positions and a thin arrow to where they are now. Never listens to the pointer.
 */
export function GhostOverlay({ moves, inverseZoom }: { moves: GhostMoves; inverseZoom: number }) {
  const dash = [4 * inverseZoom, 3 * inverseZoom];
  return (
    <Group listening={false} name="ghost-overlay">
      {moves.lights.map((light) => (
        <Group key={`light-${light.index}`} name="ghost-light">
          <Circle x={light.from.x} y={light.from.y} radius={light.radius} stroke={GHOST_COLOUR} strokeWidth={inverseZoom} dash={[8 * inverseZoom, 6 * inverseZoom]} opacity={0.35} />
          <Circle x={light.from.x} y={light.from.y} radius={13 * inverseZoom} fill="rgba(245, 158, 11, 0.14)" stroke={GHOST_COLOUR} strokeWidth={1.5 * inverseZoom} dash={dash} opacity={0.85} />
          {isArrowVisible(light.from, light.to, inverseZoom) && <GhostArrow from={light.from} to={light.to} inverseZoom={inverseZoom} inset={13 * inverseZoom} />}
        </Group>
      ))}
      {moves.joints.map((joint) => (
        <Group key={`joint-${joint.index}`} name="ghost-joint">
          <Circle x={joint.from.x} y={joint.from.y} radius={6 * inverseZoom} fill="rgba(245, 158, 11, 0.18)" stroke={GHOST_COLOUR} strokeWidth={1.5 * inverseZoom} dash={dash} opacity={0.9} />
          {isArrowVisible(joint.from, joint.to, inverseZoom) && <GhostArrow from={joint.from} to={joint.to} inverseZoom={inverseZoom} inset={6 * inverseZoom} />}
        </Group>
      ))}
    </Group>
  );
}

// From the ghost's edge to just short of the newer shape, so neither is covered by the arrow head.
function GhostArrow({ from, to, inverseZoom, inset }: { from: { x: number; y: number }; to: { x: number; y: number }; inverseZoom: number; inset: number }) {
  const length = Math.hypot(to.x - from.x, to.y - from.y);
  const unit = { x: (to.x - from.x) / length, y: (to.y - from.y) / length };
  const start = Math.min(inset, length / 3);
  const end = Math.max(length - Math.min(inset, length / 3), start);
  return (
    <Arrow
      points={[from.x + unit.x * start, from.y + unit.y * start, from.x + unit.x * end, from.y + unit.y * end]}
      stroke={GHOST_COLOUR}
      fill={GHOST_COLOUR}
      strokeWidth={1.25 * inverseZoom}
      pointerLength={7 * inverseZoom}
      pointerWidth={6 * inverseZoom}
      opacity={0.9}
    />
  );
}
