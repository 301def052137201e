import type { FaceFieldsFragment } from '../../gql/graphql';

export type Face = FaceFieldsFragment;

/** Consent is flagged this many days before it ends, while there is time to get a new signature. */
export const CONSENT_WARNING_DAYS = 14;

export type FaceStatus =
  | { kind: 'usable'; daysLeft: number }
  // Still usable, but consent ends within CONSENT_WARNING_DAYS.
  | { kind: 'expiring'; daysLeft: number }
  // Consent ended; its LoRAs, photos and previews are deleted at the next privacy sweep (or were).
  | { kind: 'expired'; purged: boolean }
  | { kind: 'retired'; purged: boolean };

const DAY_MS = 86_400_000;

/** Where a face stands at `now`: usable, consent ending soon (days left), expired or retired. */
export function faceStatusOf(face: Pick<Face, 'active' | 'consentExpiresAt' | 'purgedAt'>, now: number): FaceStatus {
  if (!face.active) return { kind: 'retired', purged: face.purgedAt !== null };
  const msLeft = Date.parse(face.consentExpiresAt) - now;
  if (msLeft <= 0) return { kind: 'expired', purged: face.purgedAt !== null };
  // Whole days left, counting a part day as one ("ends in 1 day" until it has ended).
  const daysLeft = Math.ceil(msLeft / DAY_MS);
  return daysLeft <= CONSENT_WARNING_DAYS ? { kind: 'expiring', daysLeft } : { kind: 'usable', daysLeft };
}

/** The base models a face renders, as the studio names them (SD1.5, SDXL). */
export function faceBaseModels(face: Pick<Face, 'identityLoras'>): string[] {
  return face.identityLoras.map((l) => (l.baseModel === 'SD15' ? 'SD1.5' : 'SDXL'));
}
