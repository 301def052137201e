import { diffSpecs, getOpenPoseKeypointName, type LightKind, type SpecChange, type TemplateSpec } from '@atelier/template-spec';

export interface CanvasPoint {
  x: number;
  y: number;
}

/** A joint of the older version that is elsewhere (or gone) in the newer one, in the newer canvas's px. */
export interface JointGhost {
  index: number;
  name: string;
  from: CanvasPoint;
  /** null when the newer version has no such joint. */
  to: CanvasPoint | null;
}

/** A light of the older version that moved (or was removed), in the newer canvas's px. */
export interface LightGhost {
  /** Index in the older spec. */
  index: number;
  kind: LightKind;
  colorTemperatureK: number;
  /** The older radius in px (relative to the canvas's shorter side, as the editor draws it). */
  radius: number;
  from: CanvasPoint;
  to: CanvasPoint | null;
}

export interface GhostMoves {
  joints: JointGhost[];
  lights: LightGhost[];
}

/**
 * Older and newer spec -> the joints and lights of the older one that moved or disappeared, placed on the
 * newer spec's canvas (positions are normalised, so a resized canvas still lines them up). Read from
 * diffSpecs, so the history's list of changes and its ghosts always agree.
 */
export function findGhostMoves(older: TemplateSpec, newer: TemplateSpec, changes: readonly SpecChange[] = diffSpecs(older, newer)): GhostMoves {
  const { width, height } = newer.canvas;
  const toPx = (x: number, y: number): CanvasPoint => ({ x: x * width, y: y * height });
  const joints: JointGhost[] = [];
  const movedLights = new Map<number, { x?: { before: number; after: number }; y?: { before: number; after: number } }>();
  const lights: LightGhost[] = [];

  for (const change of changes) {
    if (change.kind === 'joint-moved') {
      joints.push({ index: change.index, name: change.name, from: toPx(...change.before), to: toPx(...change.after) });
    } else if (change.kind === 'joint-removed') {
      joints.push({ index: change.index, name: change.name, from: toPx(...change.before), to: null });
    } else if (change.kind === 'pose-removed') {
      change.pose.keypoints.forEach((point, index) => {
        if (point) joints.push({ index, name: getOpenPoseKeypointName(index) ?? `keypoint ${index}`, from: toPx(...point), to: null });
      });
    } else if (change.kind === 'light-changed' && (change.field === 'x' || change.field === 'y')) {
      const entry = movedLights.get(change.index) ?? {};
      entry[change.field] = { before: Number(change.before), after: Number(change.after) };
      movedLights.set(change.index, entry);
    } else if (change.kind === 'light-removed') {
      const { light } = change;
      lights.push({ index: change.index, kind: light.kind, colorTemperatureK: light.colorTemperatureK, radius: light.radius * Math.min(width, height), from: toPx(light.x, light.y), to: null });
    }
  }

  for (const [newerIndex, moved] of movedLights) {
    const light = newer.lighting.lights[newerIndex];
    if (!light) continue;
    const olderIndex = findOlderLightIndex(older, newer, newerIndex);
    const olderLight = older.lighting.lights[olderIndex] ?? light;
    lights.push({
      index: olderIndex,
      kind: olderLight.kind,
      colorTemperatureK: olderLight.colorTemperatureK,
      radius: olderLight.radius * Math.min(width, height),
      from: toPx(moved.x?.before ?? light.x, moved.y?.before ?? light.y),
      to: toPx(light.x, light.y),
    });
  }
  lights.sort((a, b) => a.index - b.index);
  return { joints, lights };
}

// The same light in the older spec: by id when it has one (as diffSpecs matches), else by position.
function findOlderLightIndex(older: TemplateSpec, newer: TemplateSpec, newerIndex: number): number {
  const id = newer.lighting.lights[newerIndex]?.id;
  if (id === undefined) return newerIndex;
  const index = older.lighting.lights.findIndex((light) => light.id === id);
  return index === -1 ? newerIndex : index;
}

/** Gaps between a moved ghost and its new position shorter than this (px) get no arrow: it would be a dot. */
export const GHOST_ARROW_MIN_PX = 4;

/** True when an arrow from `from` to `to` is long enough to draw. */
export function isArrowVisible(from: CanvasPoint, to: CanvasPoint | null, inverseZoom = 1): to is CanvasPoint {
  return to !== null && Math.hypot(to.x - from.x, to.y - from.y) >= GHOST_ARROW_MIN_PX * inverseZoom;
}
