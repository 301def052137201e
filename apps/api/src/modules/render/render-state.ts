import type { PreviewJobState } from '@atelier/preview-job';
import type { RenderState } from './render.object.js';

// What state a render is in, as apps and designers' figures see it: the state it was settled in, or,
// until the settlement pass comes, what its GPU job is doing (a finished job already counts as
// finished). One mapping, in TypeScript and in SQL.

const RENDER_STATE_BY_JOB_STATE: Readonly<Record<PreviewJobState, RenderState>> = {
  QUEUED: 'QUEUED',
  LEASED: 'RUNNING',
  SUCCEEDED: 'SUCCEEDED',
  CANCELLED: 'CANCELLED',
  FAILED: 'FAILED',
  DEAD: 'FAILED',
};

/** A render row (`state`: QUEUED until settled) and its job's state -> the render's state. */
export function renderStateOf(row: { state: 'QUEUED' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED'; job_state: PreviewJobState }): RenderState {
  return row.state !== 'QUEUED' ? row.state : RENDER_STATE_BY_JOB_STATE[row.job_state];
}

/** The same as renderStateOf, in SQL, for a `renders` row and its `preview_jobs` row under these aliases. */
export function renderStateSql(render: string, job: string): string {
  const byJob = Object.entries(RENDER_STATE_BY_JOB_STATE).map(([jobState, state]) => `WHEN ${job}.state = '${jobState}' THEN '${state}'`);
  return `(CASE WHEN ${render}.state <> 'QUEUED' THEN ${render}.state ${byJob.join(' ')} END)`;
}
