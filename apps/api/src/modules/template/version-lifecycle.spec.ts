import { describe, expect, it } from '@jest/globals';
import { apiMessage } from '@atelier/messages';
import { VERSION_STATES, isFrozen, nextVersionState } from './version-lifecycle.js';

describe('nextVersionState', () => {
  it('walks the happy path from draft to superseded and back by rollback', () => {
    expect(nextVersionState('DRAFT', 'SUBMIT')).toBe('SUBMITTED');
    expect(nextVersionState('SUBMITTED', 'APPROVE')).toBe('APPROVED');
    expect(nextVersionState('APPROVED', 'PUBLISH')).toBe('PUBLISHED');
    expect(nextVersionState('PUBLISHED', 'SUPERSEDE')).toBe('SUPERSEDED');
    expect(nextVersionState('SUPERSEDED', 'PUBLISH')).toBe('PUBLISHED');
  });

  it('refuses every move out of a terminal review outcome', () => {
    for (const event of ['SUBMIT', 'APPROVE', 'REQUEST_CHANGES', 'REJECT', 'PUBLISH', 'SUPERSEDE'] as const) {
      expect(nextVersionState('REJECTED', event)).toBeNull();
      expect(nextVersionState('CHANGES_REQUESTED', event)).toBeNull();
    }
  });

  it('never leads back to DRAFT', () => {
    for (const s of VERSION_STATES) {
      for (const e of ['SUBMIT', 'APPROVE', 'REQUEST_CHANGES', 'REJECT', 'PUBLISH', 'SUPERSEDE'] as const) {
        expect(nextVersionState(s, e)).not.toBe('DRAFT');
      }
    }
  });

  it('names the current state in the message of an illegal move, in words for every state and event', () => {
    expect(nextVersionState('DRAFT', 'PUBLISH')).toBeNull();
    expect(apiMessage('version.illegalMove', { versionState: 'CHANGES_REQUESTED', versionAction: 'PUBLISH' })).toBe('This version is changes requested and cannot be published.');
    for (const versionState of VERSION_STATES) {
      for (const versionAction of ['SUBMIT', 'APPROVE', 'REQUEST_CHANGES', 'REJECT', 'PUBLISH', 'SUPERSEDE'] as const) {
        expect(apiMessage('version.illegalMove', { versionState, versionAction })).not.toMatch(/[A-Z]{2}/);
      }
    }
    expect(isFrozen('DRAFT')).toBe(false);
    expect(isFrozen('APPROVED')).toBe(true);
  });
});
