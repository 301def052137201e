import { In, type EntityManager } from 'typeorm';
import { MAX_PAGE_SIZE } from '../../common/connection.js';
import { PreviewJobEntity, type LikenessEnd } from './preview-job.entity.js';

// The previews of versions' specs (TemplateVersion.previews), for any number of versions in a fixed
// number of statements, so a page of versions does not cost one query per version.

export interface SpecOfTemplate {
  templateId: string;
  specHash: string;
}

// One full request (8 subjects x 8 seeds) fits the default page.
export const DEFAULT_PREVIEWS_PER_VERSION = 64;
export const MAX_PREVIEWS_PER_VERSION = MAX_PAGE_SIZE;

const specKey = (s: SpecOfTemplate) => `${s.templateId}:${s.specHash}`;

/**
 * Specs -> their previews at one likeness end (same order), one per subject and seed: a finished render wins over a later
 * failed or waiting attempt, otherwise the newest attempt; cancelled ones only when nothing else. At
 * most `first` per spec, taking every subject's first seed before any subject's second (so a capped
 * list still shows each subject), returned by subject name, then seed. Each end is listed on its own:
 * a render at the max never stands in for the default one of the same seed. Two statements.
 */
export async function findPreviewsOfSpecs(m: EntityManager, specs: readonly SpecOfTemplate[], first: number, end: LikenessEnd = 'DEFAULT'): Promise<PreviewJobEntity[][]> {
  if (!specs.length) return [];
  const picked: Array<{ id: string; template_id: string; spec_hash: string }> = await m.query(
    `WITH latest AS (
       SELECT DISTINCT ON (j.template_id, j.spec_hash, j.subject_id, j.seed) j.id, j.template_id, j.spec_hash, j.subject_id, j.seed, s.name
         FROM preview_jobs j
         JOIN unnest($1::uuid[], $2::text[]) AS w(template_id, spec_hash) ON w.template_id = j.template_id AND w.spec_hash = j.spec_hash
         JOIN preview_subjects s ON s.id = j.subject_id
        WHERE j.likeness_end = $4
        ORDER BY j.template_id, j.spec_hash, j.subject_id, j.seed, (j.state = 'SUCCEEDED') DESC, (j.state = 'CANCELLED') ASC, j.created_at DESC
     ), ranked AS (
       SELECT l.*, row_number() OVER (PARTITION BY l.template_id, l.spec_hash, l.subject_id ORDER BY l.seed) AS nth_of_subject FROM latest l
     ), placed AS (
       SELECT r.*, row_number() OVER (PARTITION BY r.template_id, r.spec_hash ORDER BY r.nth_of_subject, r.name, r.subject_id, r.seed) AS place FROM ranked r
     )
     SELECT id, template_id, spec_hash FROM placed WHERE place <= $3 ORDER BY template_id, spec_hash, name, subject_id, seed`,
    [specs.map((s) => s.templateId), specs.map((s) => s.specHash), first, end],
  );
  const rows = picked.length ? await m.findBy(PreviewJobEntity, { id: In(picked.map((p) => p.id)) }) : [];
  const byId = new Map(rows.map((r) => [r.id, r]));
  const bySpec = new Map<string, PreviewJobEntity[]>();
  for (const p of picked) {
    const row = byId.get(p.id);
    if (!row) continue;
    const key = specKey({ templateId: p.template_id, specHash: p.spec_hash });
    bySpec.set(key, [...(bySpec.get(key) ?? []), row]);
  }
  return specs.map((s) => bySpec.get(specKey(s)) ?? []);
}

/** Specs -> how many previews each has in all at one likeness end (what `findPreviewsOfSpecs` lists before its cap). One statement. */
export async function countPreviewsOfSpecs(m: EntityManager, specs: readonly SpecOfTemplate[], end: LikenessEnd = 'DEFAULT'): Promise<number[]> {
  if (!specs.length) return [];
  const counts: Array<{ template_id: string; spec_hash: string; n: number }> = await m.query(
    `SELECT j.template_id, j.spec_hash, count(DISTINCT (j.subject_id, j.seed))::int AS n
       FROM preview_jobs j
       JOIN unnest($1::uuid[], $2::text[]) AS w(template_id, spec_hash) ON w.template_id = j.template_id AND w.spec_hash = j.spec_hash
      WHERE j.likeness_end = $3 AND j.subject_id IS NOT NULL
      GROUP BY j.template_id, j.spec_hash`,
    [specs.map((s) => s.templateId), specs.map((s) => s.specHash), end],
  );
  const bySpec = new Map(counts.map((c) => [specKey({ templateId: c.template_id, specHash: c.spec_hash }), c.n]));
  return specs.map((s) => bySpec.get(specKey(s)) ?? 0);
}
