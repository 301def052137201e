import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { validateTemplateSpec } from '@atelier/template-spec';
import { parseSafetensorsHeader } from '@atelier/safetensors';
import { StorageService } from '../src/modules/asset/storage.service.js';
import { publishDemoTemplate, seedDemoData, DEMO_PASSWORD } from '../src/seed/seed-demo-data.js';
import { expectPoll } from '../../../testing/poll.js';
import { renderPreviews } from './factories/factories.js';
import { startAnotherInstance, startTestApp, type TestApp } from './setup/test-app.js';

describe('demo data and public endpoints', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t?.close());

  it('seeds a living studio once: accounts, LoRAs with real files, consenting faces, templates', async () => {
    expect(await seedDemoData(t.app, { ...t.config, env: 'embedded' })).toEqual({ seeded: true });
    expect(await seedDemoData(t.app, { ...t.config, env: 'embedded' })).toEqual({ seeded: false });

    const login = await t.gql(`mutation($p: String!) { login(email: "designer@atelier.local", password: $p) { token user { id email roles } } }`, { p: DEMO_PASSWORD });
    const token = login.data!['login'].token;
    // The template meant for the catalog is published once a worker rendered its previews.
    const demoDraft = (await t.sql.query(`SELECT v.id FROM template_versions v JOIN templates t ON t.id = v.template_id WHERE t.title = 'Golden Hour Film'`)).rows[0].id;
    expect(await publishDemoTemplate(t.app, 200)).toBe('timed-out');
    // The first start was stopped before anything rendered, and its waiting jobs were lost since.
    await t.sql.query(`UPDATE preview_jobs SET state = 'CANCELLED', finished_at = now() WHERE state = 'QUEUED'`);
    // A later start asks for the previews again and publishes once a worker has rendered them.
    const laterStart = publishDemoTemplate(t.app, 20_000);
    await expectPoll(async () => (await t.sql.query(`SELECT count(*)::int AS n FROM preview_jobs WHERE state = 'QUEUED'`)).rows[0].n).toBeGreaterThan(0);
    await renderPreviews(t, { ...login.data!['login'].user, token }, demoDraft);
    expect(await laterStart).toBe('published');
    // And the one after that has nothing left to do.
    expect(await publishDemoTemplate(t.app, 200)).toBe('nothing-to-do');
    const mine = await t.gql(`{ templates(first: 10) { totalCount edges { node { title publishedVersion { number } draft { spec } } } } }`, {}, { token });
    const nodes = mine.data!['templates'].edges.map((e: any) => e.node);
    expect(mine.data!['templates'].totalCount).toBe(3);
    expect(nodes.filter((n: any) => n.publishedVersion)).toHaveLength(1);
    // The demo app's sales of it show on the designer's earnings, one refund included.
    const me = login.data!['login'].user.id;
    const recent = await t.gql(`query($d: ID!) { recentUsage(designerId: $d, first: 100) { kind appName shareMinor } }`, { d: me }, { token });
    expect(recent.data!['recentUsage'].filter((r: any) => r.kind === 'USAGE')).toHaveLength(60);
    expect(recent.data!['recentUsage'].filter((r: any) => r.kind === 'REFUND')).toHaveLength(1);
    expect(recent.data!['recentUsage'][0].appName).toBe('Miaoya Camera (demo)');

    const counts = await t.sql.query(`SELECT (SELECT count(*) FROM users WHERE email LIKE '%@atelier.local')::int AS users, (SELECT count(*) FROM loras)::int AS loras, (SELECT count(*) FROM preview_subjects WHERE active)::int AS subjects`);
    expect(counts.rows[0]).toEqual({ users: 3, loras: 3, subjects: 2 });

    // Every seeded LoRA file is a real safetensors file in the bucket.
    const loraAssets = await t.sql.query(`SELECT a.object_key FROM loras l JOIN assets a ON a.id = l.file_asset_id`);
    for (const { object_key } of loraAssets.rows) {
      const bytes = await t.app.get(StorageService).read(object_key);
      expect(parseSafetensorsHeader(new Uint8Array(bytes)).ok).toBe(true);
    }
    // And the drafts validate against the registered LoRAs.
    const loras = await t.gql(`{ loras { id baseModel minWeight maxWeight name status } }`, {}, { token });
    const ctx = new Map(loras.data!['loras'].map((l: any) => [l.id, { ...l, baseModel: l.baseModel.toLowerCase() }]));
    for (const n of nodes.filter((n: any) => n.draft)) expect(validateTemplateSpec(n.draft.spec, { loras: ctx as never }).ok).toBe(true);
  });

  it('serves the template spec JSON Schema and a health check without sign-in', async () => {
    const res = await fetch(`${t.url}/schemas/template-spec.v1.json`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/schema+json');
    const schema = (await res.json()) as { $id: string; required: string[] };
    expect(schema.$id).toBe('https://atelier.local/schemas/template-spec.v1.json');
    expect(schema.required).toContain('schemaVersion');
    expect((await fetch(`${t.url}/healthz`)).status).toBe(200);
  });
});

describe('the first production start', () => {
  it('creates the admin once when API processes start together on an empty database', async () => {
    const first = await startTestApp({ JWT_SECRET: 'a secret both processes share, 32+ chars' });
    const second = await startAnotherInstance(first);
    try {
      const config = { ...first.config, env: 'production' as const, admin: { email: 'owner@studio.test', password: 'the studio owner chose this' } };
      const outcomes = await Promise.allSettled([seedDemoData(first.app, config), seedDemoData(second.app, config)]);
      expect(outcomes).toEqual(expect.arrayContaining([{ status: 'fulfilled', value: { seeded: true } }, { status: 'fulfilled', value: { seeded: false } }]));
      expect((await first.sql.query(`SELECT email, roles FROM users`)).rows).toEqual([{ email: 'owner@studio.test', roles: ['ADMIN'] }]);
    } finally {
      await second.close();
      await first.close();
    }
  });
});
