import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { computeSpecHash, makeDefaultTemplateSpec, validateTemplateSpec, type TemplateSpec } from '@atelier/template-spec';

export interface SeededCatalog {
  admin: { id: string; email: string; roles: Array<'ADMIN' | 'DESIGNER' | 'REVIEWER'> };
  templates: number;
  avgSpecBytes: number;
}

const LOOKS = ['Golden Hour', 'Studio', 'Film Noir', 'Neon', 'Garden', 'Rainy Street', 'Desert', 'Winter', 'Vintage', 'Editorial', 'Seaside', 'Library', 'Rooftop', 'Candlelit', 'Forest', 'Loft'];
const KINDS = ['Portrait', 'Headshot', 'Close-up', 'Half-body', 'Full-body', 'Profile', 'Candid', 'Silhouette'];
const PHRASES = ['warm backlight, 35mm film', 'grey seamless backdrop, softbox', 'high contrast black and white', 'magenta and cyan neon signs', 'plum blossoms, shallow depth of field', 'wet asphalt reflections, dusk', 'sand dunes, harsh noon sun', 'falling snow, overcast light'];
const TAGS = ['film', 'outdoor', 'studio', 'headshot', 'bw', 'neon', 'traditional', 'hanfu', 'business', 'fashion', 'vintage', 'night', 'nature', 'urban', 'soft-light', 'dramatic'];
const CATEGORIES = ['Portrait', 'Business', 'Costume', 'Fashion', 'Street', null];

function specFor(i: number): TemplateSpec {
  const base = makeDefaultTemplateSpec(i % 3 === 0 ? 'sd15' : 'sdxl');
  const spec: TemplateSpec = {
    ...base,
    prompt: { ...base.prompt, positive: `portrait photo of {subject}, {gender}, {age} years old, ${PHRASES[i % PHRASES.length]}, natural skin texture, sharp focus` },
    lighting: { ...base.lighting, lights: base.lighting.lights.map((l, j) => ({ ...l, intensity: Math.round((0.4 + ((i + j) % 9) * 0.15) * 100) / 100 })) },
    sampler: { ...base.sampler, steps: 20 + (i % 21), cfg: 4 + (i % 5) },
  };
  const checked = validateTemplateSpec(spec);
  if (!checked.ok) throw new Error(`bench seed produced an invalid spec: ${JSON.stringify(checked.issues)}`);
  return checked.spec;
}

const categoryKey = (name: string | null) => name && name.toLowerCase().replace(/[^a-z0-9]+/g, '-');

async function insertRows(c: pg.Client, table: string, columns: string[], rows: unknown[][], chunk = 200): Promise<void> {
  for (let start = 0; start < rows.length; start += chunk) {
    const part = rows.slice(start, start + chunk);
    const params: unknown[] = [];
    const tuples = part.map((row) => `(${row.map((v) => `$${params.push(v)}`).join(', ')})`);
    await c.query(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${tuples.join(', ')}`, params);
  }
}

// `count` published templates (one PUBLISHED version each, realistic specs) straight into SQL:
// about a second, against minutes through the service layer.
export async function seedCatalog(databaseUrl: string, count: number): Promise<SeededCatalog> {
  const c = new pg.Client({ connectionString: databaseUrl });
  await c.connect();
  try {
    const admin = { id: randomUUID(), email: 'bench-admin@atelier.local', roles: ['ADMIN', 'DESIGNER'] as Array<'ADMIN' | 'DESIGNER'> };
    const now = Date.now();
    const templates: unknown[][] = [];
    const versions: unknown[][] = [];
    let specBytes = 0;
    for (let i = 0; i < count; i++) {
      const id = randomUUID();
      const spec = specFor(i);
      const specJson = JSON.stringify(spec);
      specBytes += specJson.length;
      const created = new Date(now - (count - i) * 3_600_000);
      const published = new Date(now - (count - i) * 60_000 + (i * 7919) % 1000);
      const tags = [TAGS[i % TAGS.length], TAGS[(i * 7 + 3) % TAGS.length], ...(i % 2 ? [TAGS[(i * 5 + 1) % TAGS.length]] : [])];
      const metadata = [`${LOOKS[i % LOOKS.length]} ${KINDS[Math.floor(i / LOOKS.length) % KINDS.length]} ${i + 1}`, `A ${spec.baseModel} template: ${PHRASES[i % PHRASES.length]}.`, [...new Set(tags)], categoryKey(CATEGORIES[i % CATEGORIES.length] ?? null)];
      templates.push([id, admin.id, ...metadata, spec.baseModel, created, published]);
      // A published version carries the metadata it was approved with (the catalog reads it there).
      versions.push([randomUUID(), id, 1, 'PUBLISHED', specJson, computeSpecHash(spec), 3, admin.id, created, published, new Date(published.getTime() - 7_200_000), new Date(published.getTime() - 600_000), published, ...metadata]);
    }
    await c.query('BEGIN');
    await c.query(`INSERT INTO users (id, email, password_hash, display_name, roles) VALUES ($1, $2, $3, $4, $5)`, [admin.id, admin.email, '!bench-no-login', 'Bench Admin', admin.roles]);
    await insertRows(c, 'template_categories', ['key', 'name', 'position'], CATEGORIES.flatMap((name, i) => (name ? [[categoryKey(name), name, i]] : [])));
    await insertRows(c, 'templates', ['id', 'owner_id', 'title', 'description', 'tags', 'category', 'base_model', 'created_at', 'updated_at'], templates);
    await insertRows(c, 'template_versions', ['id', 'template_id', 'number', 'state', 'spec', 'spec_hash', 'revision', 'author_id', 'created_at', 'updated_at', 'submitted_at', 'decided_at', 'published_at', 'title', 'description', 'tags', 'category'], versions);
    await c.query(`UPDATE templates t SET published_version_id = v.id, published_at = v.published_at FROM template_versions v WHERE v.template_id = t.id AND v.state = 'PUBLISHED'`);
    await c.query('COMMIT');
    await c.query('ANALYZE');
    return { admin, templates: count, avgSpecBytes: Math.round(specBytes / Math.max(1, count)) };
  } catch (e) {
    await c.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    await c.end();
  }
}
