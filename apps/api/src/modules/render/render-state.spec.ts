import { describe, expect, it } from '@jest/globals';
import { renderStateOf, renderStateSql } from './render-state.js';

describe('a render’s state', () => {
  it('is its settled state, else what its job is doing (a job failed for good or dead is FAILED)', () => {
    expect(renderStateOf({ state: 'SUCCEEDED', job_state: 'QUEUED' })).toBe('SUCCEEDED');
    expect(renderStateOf({ state: 'QUEUED', job_state: 'QUEUED' })).toBe('QUEUED');
    expect(renderStateOf({ state: 'QUEUED', job_state: 'LEASED' })).toBe('RUNNING');
    expect(renderStateOf({ state: 'QUEUED', job_state: 'SUCCEEDED' })).toBe('SUCCEEDED');
    expect(renderStateOf({ state: 'QUEUED', job_state: 'CANCELLED' })).toBe('CANCELLED');
    expect(renderStateOf({ state: 'QUEUED', job_state: 'FAILED' })).toBe('FAILED');
    expect(renderStateOf({ state: 'QUEUED', job_state: 'DEAD' })).toBe('FAILED');
  });

  it('reads the same in SQL, under the aliases given', () => {
    expect(renderStateSql('r', 'j')).toBe(
      "(CASE WHEN r.state <> 'QUEUED' THEN r.state WHEN j.state = 'QUEUED' THEN 'QUEUED' WHEN j.state = 'LEASED' THEN 'RUNNING' WHEN j.state = 'SUCCEEDED' THEN 'SUCCEEDED' " +
        "WHEN j.state = 'CANCELLED' THEN 'CANCELLED' WHEN j.state = 'FAILED' THEN 'FAILED' WHEN j.state = 'DEAD' THEN 'FAILED' END)",
    );
  });
});
