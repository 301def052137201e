// Seeding for the queue benchmark, straight into SQL: the fixtures preview jobs point at (users,
// templates with a DRAFT version, style LoRAs, preview subjects with their identity LoRA and consent
// assets), then batches of QUEUED jobs as requestPreviews would write them.
import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import { computeSpecHash, makeDefaultTemplateSpec, validateTemplateSpec, type TemplateSpec } from '@atelier/template-spec';
import { loraKeyFor } from '@atelier/api/dist/modules/preview-job/preview-job.service.js';

type BaseModel = 'sd15' | 'sdxl';
type Priority = 'REVIEW' | 'INTERACTIVE' | 'BULK';

export interface QueueFixtures {
  admin: { id: string; email: string; roles: Array<'ADMIN' | 'DESIGNER' | 'REVIEWER'> };
  designers: number;
  versions: Array<{ id: string; templateId: string; ownerId: string; specHash: string; baseModel: BaseModel; styleHashes: string[] }>;
  subjects: Array<{ id: string; identityHash: string }>;
  styleLoras: number;
}

export interface EnqueueOptions {
  jobs: number;
  /** Seeds start here, so every job (across calls) has its own render key: no job follows another. */
  seedBase: number;
  seedsPerBatch: number;
  subjectsPerBatch: number;
}

const sha = () => randomBytes(32).toString('hex');
const PHRASES = ['warm backlight, 35mm film', 'grey seamless backdrop, softbox', 'high contrast black and white', 'magenta and cyan neon signs', 'plum blossoms, shallow depth of field', 'wet asphalt reflections, dusk'];

async function insertRows(c: pg.Client, table: string, columns: string[], rows: unknown[][], chunk = 500): Promise<void> {
  for (let start = 0; start < rows.length; start += chunk) {
    const part = rows.slice(start, start + chunk);
    const params: unknown[] = [];
    const tuples = part.map((row) => `(${row.map((v) => `$${params.push(v)}`).join(', ')})`);
    await c.query(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${tuples.join(', ')}`, params);
  }
}

function specFor(i: number, baseModel: BaseModel, styleLora: string | null): TemplateSpec {
  const base = makeDefaultTemplateSpec(baseModel);
  const spec: TemplateSpec = {
    ...base,
    prompt: { ...base.prompt, positive: `portrait photo of {subject}, {gender}, {age} years old, ${PHRASES[i % PHRASES.length]}, sharp focus, variant ${i}` },
    sampler: { ...base.sampler, steps: 20 + (i % 21), cfg: 4 + (i % 5) },
    styleLoras: styleLora ? [{ loraId: styleLora, weight: 0.7 }] : [],
  };
  const checked = validateTemplateSpec(spec);
  if (!checked.ok) throw new Error(`bench seed produced an invalid spec: ${JSON.stringify(checked.issues)}`);
  return checked.spec;
}

// Users, assets, LoRAs, subjects, templates with one DRAFT version each.
export async function seedQueueFixtures(databaseUrl: string, opts: { designers: number; templates: number; subjects: number; styleLoras: number; bucket: string }): Promise<QueueFixtures> {
  const c = new pg.Client({ connectionString: databaseUrl });
  await c.connect();
  try {
    const admin = { id: randomUUID(), email: 'bench-admin@atelier.local', roles: ['ADMIN', 'DESIGNER', 'REVIEWER'] as Array<'ADMIN' | 'DESIGNER' | 'REVIEWER'> };
    const users: unknown[][] = [[admin.id, admin.email, '!bench-no-login', 'Bench Admin', admin.roles]];
    const designerIds: string[] = [];
    for (let i = 0; i < opts.designers; i++) {
      const id = randomUUID();
      designerIds.push(id);
      users.push([id, `designer-${i}@bench.local`, '!bench-no-login', `Designer ${i}`, ['DESIGNER']]);
    }
    const assets: unknown[][] = [];
    const asset = (kind: 'LORA' | 'CONSENT_DOCUMENT', key: string, contentType: string, bytes: number, hash: string) => {
      const id = randomUUID();
      assets.push([id, kind, 'READY', opts.bucket, key, key.split('/').pop(), contentType, bytes, hash, admin.id, new Date()]);
      return id;
    };
    const loras: unknown[][] = [];
    const lorasByModel: Record<BaseModel, Array<{ id: string; sha256: string }>> = { sd15: [], sdxl: [] };
    for (let i = 0; i < opts.styleLoras; i++) {
      const model: BaseModel = i % 2 ? 'sd15' : 'sdxl';
      const hash = sha();
      const fileId = asset('LORA', `lora/style-${i}.safetensors`, 'application/x-safetensors', 150_000_000, hash);
      const id = randomUUID();
      loras.push([id, `Style ${i}`, model, [`style${i}`], 0.8, 0, 1.5, fileId, hash, admin.id]);
      lorasByModel[model].push({ id, sha256: hash });
    }
    const subjects: QueueFixtures['subjects'] = [];
    const subjectRows: unknown[][] = [];
    const identityRows: unknown[][] = [];
    for (let i = 0; i < opts.subjects; i++) {
      const identityHash = sha();
      const identity = asset('LORA', `subject/${i}/identity.safetensors`, 'application/x-safetensors', 80_000_000, identityHash);
      const consent = asset('CONSENT_DOCUMENT', `subject/${i}/consent.pdf`, 'application/pdf', 120_000, sha());
      const id = randomUUID();
      subjectRows.push([id, `Subject ${i}`, consent, new Date(Date.now() + 365 * 86_400_000), true, admin.id]);
      // One file stands for the face's identity LoRA on both base models (the bench's jobs are mixed).
      identityRows.push([id, 'sd15', identity], [id, 'sdxl', identity]);
      subjects.push({ id, identityHash });
    }
    const templates: unknown[][] = [];
    const versionRows: unknown[][] = [];
    const versions: QueueFixtures['versions'] = [];
    for (let i = 0; i < opts.templates; i++) {
      const baseModel: BaseModel = i % 3 === 0 ? 'sd15' : 'sdxl';
      const style = i % 2 === 0 && lorasByModel[baseModel].length ? lorasByModel[baseModel][i % lorasByModel[baseModel].length]! : null;
      const spec = specFor(i, baseModel, style?.id ?? null);
      const specHash = computeSpecHash(spec);
      const ownerId = designerIds[i % designerIds.length] ?? admin.id;
      const templateId = randomUUID();
      const versionId = randomUUID();
      templates.push([templateId, ownerId, `Bench template ${i + 1}`, baseModel]);
      versionRows.push([versionId, templateId, 1, 'DRAFT', JSON.stringify(spec), specHash, 1, ownerId]);
      versions.push({ id: versionId, templateId, ownerId, specHash, baseModel, styleHashes: style ? [style.sha256] : [] });
    }
    await c.query('BEGIN');
    await insertRows(c, 'users', ['id', 'email', 'password_hash', 'display_name', 'roles'], users);
    await insertRows(c, 'assets', ['id', 'kind', 'state', 'bucket', 'object_key', 'file_name', 'content_type', 'byte_size', 'sha256', 'owner_id', 'completed_at'], assets);
    await insertRows(c, 'loras', ['id', 'name', 'base_model', 'trigger_words', 'default_weight', 'min_weight', 'max_weight', 'file_asset_id', 'sha256', 'created_by'], loras);
    await insertRows(c, 'preview_subjects', ['id', 'name', 'consent_document_asset_id', 'consent_expires_at', 'active', 'created_by'], subjectRows);
    await insertRows(c, 'preview_subject_identity_loras', ['subject_id', 'base_model', 'asset_id'], identityRows);
    await insertRows(c, 'templates', ['id', 'owner_id', 'title', 'base_model'], templates);
    await insertRows(c, 'template_versions', ['id', 'template_id', 'number', 'state', 'spec', 'spec_hash', 'revision', 'author_id'], versionRows, 200);
    // What requestPreviews stores: the spec each job renders, by hash.
    await c.query(`INSERT INTO preview_specs (spec_hash, spec) SELECT DISTINCT ON (spec_hash) spec_hash, spec FROM template_versions ON CONFLICT DO NOTHING`);
    await c.query('COMMIT');
    return { admin, designers: opts.designers, versions, subjects, styleLoras: opts.styleLoras };
  } catch (e) {
    await c.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    await c.end();
  }
}

const PRIORITY_CYCLE: Priority[] = ['REVIEW', 'INTERACTIVE', 'INTERACTIVE', 'INTERACTIVE', 'INTERACTIVE', 'INTERACTIVE', 'INTERACTIVE', 'BULK', 'BULK', 'BULK'];

// `jobs` QUEUED jobs in batches of subjectsPerBatch x seedsPerBatch (REVIEW 10%, INTERACTIVE 60%,
// BULK 30%), spread over the versions and enqueued over the last minute. Returns how many batches.
export async function enqueueJobs(databaseUrl: string, fx: QueueFixtures, opts: EnqueueOptions): Promise<{ batches: number; jobs: number }> {
  const c = new pg.Client({ connectionString: databaseUrl });
  await c.connect();
  try {
    const perBatch = opts.subjectsPerBatch * opts.seedsPerBatch;
    const batchCount = Math.ceil(opts.jobs / perBatch);
    const now = Date.now();
    const batches: unknown[][] = [];
    const cols: Record<string, unknown[]> = { batch: [], version: [], template: [], designer: [], hash: [], subject: [], seed: [], model: [], loraKey: [], priority: [], created: [] };
    let seed = opts.seedBase;
    let made = 0;
    for (let b = 0; b < batchCount; b++) {
      const v = fx.versions[(b * 7) % fx.versions.length]!;
      const priority = PRIORITY_CYCLE[b % PRIORITY_CYCLE.length]!;
      const batchId = randomUUID();
      const created = new Date(now - 60_000 + Math.floor((b * 60_000) / batchCount));
      batches.push([batchId, v.id, v.specHash, priority, priority === 'REVIEW' ? fx.admin.id : v.ownerId, created]);
      for (let s = 0; s < opts.subjectsPerBatch && made < opts.jobs; s++) {
        const subject = fx.subjects[(b + s) % fx.subjects.length]!;
        const loraKey = loraKeyFor(v.styleHashes, subject.identityHash);
        for (let k = 0; k < opts.seedsPerBatch && made < opts.jobs; k++, made++) {
          cols['batch']!.push(batchId);
          cols['version']!.push(v.id);
          cols['template']!.push(v.templateId);
          cols['designer']!.push(v.ownerId);
          cols['hash']!.push(v.specHash);
          cols['subject']!.push(subject.id);
          cols['seed']!.push(seed++);
          cols['model']!.push(v.baseModel);
          cols['loraKey']!.push(loraKey);
          cols['priority']!.push(priority);
          cols['created']!.push(created);
        }
      }
    }
    await c.query('BEGIN');
    await insertRows(c, 'preview_batches', ['id', 'version_id', 'spec_hash', 'priority', 'requested_by', 'created_at'], batches);
    const CHUNK = 5000;
    for (let start = 0; start < made; start += CHUNK) {
      const slice = (k: string) => cols[k]!.slice(start, start + CHUNK);
      await c.query(
        // The likeness requestPreviews gives a job by default: its spec's default face strength.
        `INSERT INTO preview_jobs (batch_id, version_id, template_id, designer_id, spec_hash, revision, subject_id, seed, backend, base_model, lora_key, priority, state, created_at, available_at, likeness)
         SELECT b, v, t, d, h, 1, s, seed, 'draft', m, k, p, 'QUEUED', c, c,
           COALESCE((SELECT (tv.spec->'subject'->'likeness'->>'default')::double precision FROM template_versions tv WHERE tv.id = v), 0.8)
         FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::text[], $6::uuid[], $7::bigint[], $8::text[], $9::text[], $10::text[], $11::timestamptz[])
           AS x(b, v, t, d, h, s, seed, m, k, p, c)`,
        [slice('batch'), slice('version'), slice('template'), slice('designer'), slice('hash'), slice('subject'), slice('seed'), slice('model'), slice('loraKey'), slice('priority'), slice('created')],
      );
    }
    await c.query('COMMIT');
    await c.query('VACUUM ANALYZE');
    return { batches: batchCount, jobs: made };
  } catch (e) {
    await c.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    await c.end();
  }
}

// Ends a phase: whatever is still queued is cancelled, so the next phase starts from a fresh queue
// of the same size (the finished rows stay, as they would in production).
export async function cancelQueued(databaseUrl: string): Promise<number> {
  const c = new pg.Client({ connectionString: databaseUrl });
  await c.connect();
  try {
    const r = await c.query(`UPDATE preview_jobs SET state = 'CANCELLED', finished_at = now() WHERE state = 'QUEUED'`);
    return r.rowCount ?? 0;
  } finally {
    await c.end();
  }
}

export async function jobStateCounts(databaseUrl: string): Promise<Record<string, number> & { workerJobsDone: number }> {
  const c = new pg.Client({ connectionString: databaseUrl });
  await c.connect();
  try {
    const rows = (await c.query<{ state: string; n: string }>(`SELECT state, count(*) AS n FROM preview_jobs GROUP BY state`)).rows;
    const done = (await c.query<{ n: string | null }>(`SELECT sum(jobs_done) AS n FROM workers`)).rows[0]!.n;
    const counts: Record<string, number> = { QUEUED: 0, LEASED: 0, SUCCEEDED: 0, FAILED: 0, CANCELLED: 0, DEAD: 0 };
    for (const r of rows) counts[r.state] = Number(r.n);
    return Object.assign(counts, { workerJobsDone: Number(done ?? 0) });
  } finally {
    await c.end();
  }
}
