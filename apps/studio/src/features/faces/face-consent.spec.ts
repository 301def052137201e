import { describe, expect, it } from '@jest/globals';
import { CONSENT_WARNING_DAYS, faceBaseModels, faceStatusOf } from './face-consent';

const NOW = Date.parse('2026-12-07T12:00:00Z');
const face = (consentExpiresAt: string, extra: { active?: boolean; purgedAt?: string | null } = {}) => ({ active: true, purgedAt: null, consentExpiresAt, ...extra });

describe('faceStatusOf', () => {
  it('counts whole days of consent left, and warns within the last two weeks', () => {
    expect(faceStatusOf(face('2027-03-01T00:00:00Z'), NOW)).toEqual({ kind: 'usable', daysLeft: 84 });
    expect(faceStatusOf(face('2026-12-21T12:00:01Z'), NOW)).toEqual({ kind: 'usable', daysLeft: CONSENT_WARNING_DAYS + 1 });
    expect(faceStatusOf(face('2026-12-21T12:00:00Z'), NOW)).toEqual({ kind: 'expiring', daysLeft: CONSENT_WARNING_DAYS });
    // A part day counts as a day until the consent has ended.
    expect(faceStatusOf(face('2026-12-07T12:00:01Z'), NOW)).toEqual({ kind: 'expiring', daysLeft: 1 });
  });

  it('tells an ended consent and a retired face apart, and whether the sweep has deleted its files yet', () => {
    expect(faceStatusOf(face('2026-12-07T12:00:00Z'), NOW)).toEqual({ kind: 'expired', purged: false });
    expect(faceStatusOf(face('2026-11-01T00:00:00Z', { purgedAt: '2026-11-01T00:05:00Z' }), NOW)).toEqual({ kind: 'expired', purged: true });
    expect(faceStatusOf(face('2027-11-01T00:00:00Z', { active: false }), NOW)).toEqual({ kind: 'retired', purged: false });
  });
});

describe('faceBaseModels', () => {
  it('names the base models a face has identity LoRAs for', () => {
    expect(faceBaseModels({ identityLoras: [{ baseModel: 'SD15', assetId: 'a', triggerWord: null }, { baseModel: 'SDXL', assetId: 'b', triggerWord: null }] })).toEqual(['SD1.5', 'SDXL']);
  });
});
