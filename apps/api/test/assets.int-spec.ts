import { createHash, createHmac } from 'node:crypto';
import { encodeSafetensors } from '@atelier/safetensors';
import { SAFETENSORS_CONTENT_TYPE } from '../src/modules/asset/asset-inspection.js';
import { Client } from 'minio';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { expectLabelled } from '../../../testing/expect-labelled.js';
import { apiMessage, type ApiMessageKey, type MessageParams } from '@atelier/messages';
import { ALL_MIGRATIONS } from '@atelier/migrations';
import { expectWorded } from './setup/expect-worded.js';
import { startTestApp, type GqlResult, type TestApp } from './setup/test-app.js';
import { createPreviewSubject, createTemplate, createUser, makeTemplateSpec, postUploadForm, submitWithPreviews, uploadAsset, type TestUser } from './factories/factories.js';
import { makeGifBytes, makeJpegBytes, makeLoraBytes, makePdfBytes, makePixelBombPng, makePngBytes, truncate } from './factories/asset-fixtures.js';
import { testContext } from './setup/test-context.js';

const ASSET_FIELDS = `id kind state fileName contentType byteSize sha256 width height url rejectionReason`;
const REQUEST = `mutation($input: RequestUploadInput!) { requestUpload(input: $input) { asset { ${ASSET_FIELDS} } uploadUrl uploadMethod uploadForm uploadHeaders expiresAt } }`;
const COMPLETE = `mutation($id: ID!) { completeUpload(assetId: $id) { ${ASSET_FIELDS} } }`;
const ASSET = `query($id: ID!) { asset(id: $id) { ${ASSET_FIELDS} } }`;

const MB = 1024 * 1024;

describe('asset uploads over GraphQL and S3', () => {
  let t: TestApp;
  let s3: Client;
  let admin: TestUser;
  let designer: TestUser;
  let otherDesigner: TestUser;

  beforeAll(async () => {
    t = await startTestApp();
    const endpoint = new URL(testContext('s3Endpoint'));
    s3 = new Client({ endPoint: endpoint.hostname, port: Number(endpoint.port), useSSL: false, accessKey: 'S3RVER', secretKey: 'S3RVER', region: 'us-east-1', pathStyle: true });
    [admin, designer, otherDesigner] = await Promise.all([createUser(t, ['ADMIN']), createUser(t, ['DESIGNER']), createUser(t, ['DESIGNER'])]);
  });
  afterAll(() => t?.close());

  function requestUpload(user: TestUser, input: { kind: string; fileName: string; contentType: string; byteSize: number }) {
    return t.gql(REQUEST, { input }, user);
  }

  async function ticketFor(user: TestUser, kind: string, fileName: string, contentType: string, byteSize: number) {
    const res = await requestUpload(user, { kind, fileName, contentType, byteSize });
    expect(res.errors).toBeUndefined();
    return res.data!['requestUpload'] as { asset: { id: string; state: string }; uploadUrl: string; uploadMethod: string; uploadForm: Record<string, string>; uploadHeaders: Record<string, string>; expiresAt: string };
  }

  async function upload(ticket: { uploadUrl: string; uploadForm: Record<string, string> }, bytes: Uint8Array) {
    const res = await postUploadForm(ticket, bytes);
    expectLabelled(res.ok, `upload POST ${res.status}`).toBe(true);
  }

  const complete = (user: TestUser, id: string) => t.gql(COMPLETE, { id }, user);
  const readAsset = (user: TestUser, id: string) => t.gql(ASSET, { id }, user);

  async function objectKeyOf(assetId: string): Promise<string> {
    const row = await t.sql.query(`SELECT object_key FROM assets WHERE id = $1`, [assetId]);
    return row.rows[0].object_key as string;
  }

  async function objectExists(key: string): Promise<boolean> {
    try {
      await s3.statObject(t.config.s3.bucket, key);
      return true;
    } catch (e) {
      if (['NotFound', 'NoSuchKey'].includes((e as { code?: string }).code ?? '')) return false;
      throw e;
    }
  }

  async function auditActions(assetId: string) {
    const res = await t.sql.query(`SELECT action, actor_id, after FROM audit_log WHERE entity_type = 'asset' AND entity_id = $1 ORDER BY id`, [assetId]);
    return res.rows as Array<{ action: string; actor_id: string; after: Record<string, unknown> }>;
  }

  function firstError(res: GqlResult) {
    expectLabelled(res.errors, 'expected a GraphQL error').toBeDefined();
    return res.errors![0]!;
  }

  // Uploads the bytes as declared, checks they really reached S3, completes, and proves the refusal:
  // BAD_USER_INPUT with the readable reason, REJECTED with that reason, object deleted, audited.
  async function expectRefusedAtCompletion(user: TestUser, upload: { assetId: string; complete: () => Promise<GqlResult> }, message: RegExp) {
    const key = await objectKeyOf(upload.assetId);
    expect(await objectExists(key)).toBe(true);

    const res = await upload.complete();
    const error = firstError(res);
    expect(error.extensions.code).toBe('BAD_USER_INPUT');
    expect(error.message).toMatch(message);
    const reason = error.extensions['reason'] as ApiMessageKey;
    const params = error.extensions['params'] as MessageParams;
    expect(error.message).toBe(apiMessage(reason, params));
    expect(error.extensions['issues']).toEqual([{ path: 'file', message: error.message, reason, params }]);
    expect(error.extensions['assetId']).toBe(upload.assetId);

    const after = await readAsset(user, upload.assetId);
    expect(after.data!['asset']).toMatchObject({ state: 'REJECTED', rejectionReason: error.message, url: null, sha256: null });
    expect(await objectExists(key)).toBe(false);

    const audit = await auditActions(upload.assetId);
    expect(audit.map((a) => a.action)).toEqual(['asset.upload_requested', 'asset.rejected']);
    expect(audit[1]).toMatchObject({ actor_id: user.id, after: { reason: error.message } });
    return error;
  }

  describe('a good reference image', () => {
    it('goes from PENDING to READY with the sha256 and size of its bytes and an audit row', async () => {
      const bytes = await makePngBytes({ width: 64, height: 48 });
      const ticket = await ticketFor(designer, 'REFERENCE_IMAGE', 'mood board.png', 'image/png', bytes.length);
      expect(ticket.asset).toMatchObject({ state: 'PENDING', sha256: null, url: null });
      expect(ticket).toMatchObject({ uploadMethod: 'POST', uploadHeaders: {}, uploadForm: { 'Content-Type': 'image/png' } });
      await upload(ticket, bytes);

      const done = await complete(designer, ticket.asset.id);
      expect(done.errors).toBeUndefined();
      expect(done.data!['completeUpload']).toMatchObject({
        id: ticket.asset.id,
        kind: 'REFERENCE_IMAGE',
        state: 'READY',
        contentType: 'image/png',
        byteSize: bytes.length,
        sha256: createHash('sha256').update(bytes).digest('hex'),
        width: 64,
        height: 48,
        rejectionReason: null,
      });

      const audit = await auditActions(ticket.asset.id);
      expect(audit.map((a) => a.action)).toEqual(['asset.upload_requested', 'asset.completed']);
      expect(audit[1]).toMatchObject({ actor_id: designer.id, after: { sha256: createHash('sha256').update(bytes).digest('hex'), contentType: 'image/png' } });
    });

    it('hands out a presigned download url that serves exactly the uploaded bytes', async () => {
      const bytes = await makeJpegBytes({ width: 40, height: 30 });
      const up = await uploadAsset(t, designer, 'REFERENCE_IMAGE', 'face.jpg', 'image/jpeg', bytes);
      const done = await up.complete();
      expect(done.errors).toBeUndefined();

      const read = await readAsset(designer, up.assetId);
      const url = new URL(read.data!['asset'].url as string);
      expect(url.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
      expect(url.searchParams.get('X-Amz-Expires')).toBe('600');
      expect(url.searchParams.get('X-Amz-Credential')).toMatch(/^S3RVER\//);
      expect(url.pathname).toBe(`/${t.config.s3.bucket}/${await objectKeyOf(up.assetId)}`);

      const res = await fetch(url);
      expect(res.status).toBe(200);
      expect(Buffer.from(await res.arrayBuffer()).equals(bytes)).toBe(true);
    });

    it('treats completing a READY asset again as a no-op that stays READY', async () => {
      const bytes = await makePngBytes();
      const up = await uploadAsset(t, designer, 'REFERENCE_IMAGE', 'twice.png', 'image/png', bytes);
      const first = await up.complete();
      const second = await up.complete();
      expect(second.errors).toBeUndefined();
      expect(second.data!['completeUpload']).toMatchObject({ state: 'READY', sha256: first.data!['completeUpload'].sha256 });
      expect((await auditActions(up.assetId)).filter((a) => a.action === 'asset.completed')).toHaveLength(1);
    });

    it('keeps serving the checked file when the still-valid upload form is used again afterwards', async () => {
      const bytes = await makePngBytes();
      const up = await uploadAsset(t, designer, 'REFERENCE_IMAGE', 'swap.png', 'image/png', bytes);
      const done = await up.complete();
      // Other bytes of the signed size and type: even storage that enforces the policy takes these.
      const swap = await postUploadForm(up, new Uint8Array(bytes.length).fill(0x3c));
      expect(swap.ok).toBe(true);
      const served = Buffer.from(await (await fetch(done.data!['completeUpload'].url)).arrayBuffer());
      expect(served.equals(bytes)).toBe(true);
      const again = await up.complete();
      expect(again.data!['completeUpload']).toMatchObject({ state: 'READY', sha256: createHash('sha256').update(bytes).digest('hex') });
    });

    it('serves the type it verified, not the one the uploader sent, and downloads what is not an image', async () => {
      const bytes = await makePngBytes();
      const ticket = await ticketFor(designer, 'REFERENCE_IMAGE', 'typed.png', 'image/png', bytes.length);
      // The form claims HTML; the bytes are a PNG, which is what the check found. Real S3 and MinIO
      // refuse this form (the signed policy fixes Content-Type); s3rver does not enforce policies, so
      // the object lands with text/html, as it would on storage that does not check them.
      const res = await postUploadForm(ticket, bytes, { 'Content-Type': 'text/html' });
      expect(res.ok).toBe(true);
      const done = await complete(designer, ticket.asset.id);
      expect(done.data!['completeUpload']).toMatchObject({ state: 'READY', contentType: 'image/png' });
      const served = await fetch(done.data!['completeUpload'].url);
      expect(served.headers.get('content-type')).toBe('image/png');
      expect(served.headers.get('content-disposition')).toBe('inline; filename="typed.png"');

      const pdf = await makePdfBytes();
      const consent = await uploadAsset(t, admin, 'CONSENT_DOCUMENT', 'consent.pdf', 'application/pdf', pdf);
      const url = (await consent.complete()).data!['completeUpload'].url;
      const download = await fetch(url);
      expect(download.headers.get('content-type')).toBe('application/pdf');
      expect(download.headers.get('content-disposition')).toBe('attachment; filename="consent.pdf"');
    });

    it('checks a large upload outside any transaction: the row is CHECKING and not locked meanwhile', async () => {
      // A 40 MB LoRA: copying and hashing it takes long enough to look at the row during the check.
      const tensor = { name: 'lora_unet_big.lora_down.weight', dtype: 'F16' as const, shape: [20 * MB], data: new Uint8Array(40 * MB) };
      const bytes = Buffer.from(encodeSafetensors({ tensors: [tensor, { name: 'lora_unet_big.lora_up.weight', dtype: 'F16', shape: [8] }] }));
      const up = await uploadAsset(t, admin, 'LORA', 'big.safetensors', SAFETENSORS_CONTENT_TYPE, bytes);
      const seen: Array<{ state: string; locked: boolean }> = [];
      let done = false;
      const watching = (async () => {
        const client = await t.sql.connect();
        try {
          while (!done) {
            await client.query('BEGIN');
            const row = await client.query(`SELECT state FROM assets WHERE id = $1 FOR UPDATE NOWAIT`, [up.assetId]).then((r) => ({ state: r.rows[0].state as string, locked: false }), () => ({ state: '?', locked: true }));
            await client.query('ROLLBACK');
            seen.push(row);
            await new Promise((r) => setTimeout(r, 5));
          }
        } finally {
          client.release();
        }
      })();
      const result = await up.complete();
      done = true;
      await watching;
      expect(result.errors).toBeUndefined();
      expect(result.data!['completeUpload'].state).toBe('READY');
      // The row was readable and lockable while the file was checked (only the short final write locks it).
      const checking = seen.filter((s) => s.state === 'CHECKING' && !s.locked);
      expect(checking.length).toBeGreaterThan(0);
      expect(seen.filter((s) => s.locked).length).toBeLessThan(checking.length);
    });

    it('takes over a check cut short by a crash, and makes a second completion wait for the verdict', async () => {
      const bytes = await makePngBytes();
      const abandoned = await uploadAsset(t, designer, 'REFERENCE_IMAGE', 'crashed.png', 'image/png', bytes);
      await t.sql.query(`UPDATE assets SET state = 'CHECKING', checking_since = now() - interval '31 minutes' WHERE id = $1`, [abandoned.assetId]);
      expect((await abandoned.complete()).data!['completeUpload'].state).toBe('READY');

      const busy = await uploadAsset(t, designer, 'REFERENCE_IMAGE', 'busy.png', 'image/png', bytes);
      await t.sql.query(`UPDATE assets SET state = 'CHECKING', checking_since = now() WHERE id = $1`, [busy.assetId]);
      const waiting = busy.complete();
      await new Promise((r) => setTimeout(r, 400));
      await t.sql.query(`UPDATE assets SET state = 'REJECTED', checking_since = NULL, rejection_reason = 'The file is damaged.', completed_at = now() WHERE id = $1`, [busy.assetId]);
      const verdict = await waiting;
      // Refused before refusals were kept by reason: the stored English is all there is to say.
      expect(verdict.errors![0]!.message).toBe('This upload was refused: The file is damaged. Please upload the file again.');
      expectWorded(verdict, 'asset.refusedEarlier', { detail: 'The file is damaged' });
    });

    it('settles two concurrent completions of one upload on a single outcome', async () => {
      const up = await uploadAsset(t, designer, 'REFERENCE_IMAGE', 'race.png', 'image/png', await makePngBytes());
      const results = await Promise.all([up.complete(), up.complete()]);
      expect(results.map((r) => r.errors)).toEqual([undefined, undefined]);
      expect(results.map((r) => r.data!['completeUpload'].state)).toEqual(['READY', 'READY']);
      const row = await t.sql.query(`SELECT state FROM assets WHERE id = $1`, [up.assetId]);
      expect(row.rows[0].state).toBe('READY');
      expect((await auditActions(up.assetId)).filter((a) => a.action === 'asset.completed')).toHaveLength(1);
    });
  });

  describe('requestUpload', () => {
    it('refuses a declared type the kind does not accept, naming contentType', async () => {
      const res = await requestUpload(designer, { kind: 'REFERENCE_IMAGE', fileName: 'anim.png', contentType: 'image/gif', byteSize: 1000 });
      const error = firstError(res);
      expect(error.extensions.code).toBe('BAD_USER_INPUT');
      expect(error.extensions['issues']).toEqual([{ path: 'contentType', message: 'Only PNG, JPEG, WebP files are accepted here; "image/gif" is not.', reason: 'asset.contentTypeNotAccepted', params: { formats: 'PNG, JPEG, WebP', contentType: 'image/gif' } }]);
    });

    it('refuses a file name with the wrong extension, naming fileName', async () => {
      const res = await requestUpload(designer, { kind: 'REFERENCE_IMAGE', fileName: 'photo.tiff', contentType: 'image/png', byteSize: 1000 });
      const error = firstError(res);
      expect(error.extensions.code).toBe('BAD_USER_INPUT');
      expect(error.extensions['issues']).toEqual([{ path: 'fileName', message: 'Only PNG, JPEG, WebP files are accepted here (.png, .jpg, .jpeg, .webp).', reason: 'asset.extensionNotAccepted', params: { formats: 'PNG, JPEG, WebP', extensions: '.png, .jpg, .jpeg, .webp' } }]);
    });

    it('refuses a reference image announced above 20 MB, naming byteSize and the limit', async () => {
      const res = await requestUpload(designer, { kind: 'REFERENCE_IMAGE', fileName: 'huge.png', contentType: 'image/png', byteSize: 25 * MB });
      const error = firstError(res);
      expect(error.extensions.code).toBe('BAD_USER_INPUT');
      expect(error.extensions['issues']).toEqual([{ path: 'byteSize', message: 'This file is 25 MB; the limit here is 20 MB.', reason: 'asset.tooLarge', params: { size: '25 MB', max: '20 MB' } }]);
    });

    it('lists every problem of one request and stores nothing', async () => {
      const before = await t.sql.query(`SELECT count(*)::int AS n FROM assets`);
      const res = await requestUpload(designer, { kind: 'REFERENCE_IMAGE', fileName: 'x.gif', contentType: 'image/gif', byteSize: 21 * MB });
      const error = firstError(res);
      expect((error.extensions['issues'] as Array<{ path: string }>).map((i) => i.path)).toEqual(['fileName', 'contentType', 'byteSize']);
      const after = await t.sql.query(`SELECT count(*)::int AS n FROM assets`);
      expect(after.rows[0].n).toBe(before.rows[0].n);
    });

    it('binds the declared size and type into a signed POST policy', async () => {
      // s3rver ignores POST policies (its postObject leaves `policy` unimplemented); real S3 and MinIO
      // enforce them. So this checks what they check: the conditions, and a signature that only the
      // storage secret makes, over the policy byte for byte, so the uploader cannot edit it.
      const byteSize = 123_457;
      const before = Date.now();
      const ticket = await ticketFor(designer, 'REFERENCE_IMAGE', 'bound.png', 'Image/PNG', byteSize);
      const after = Date.now();
      const { bucket, endpoint, publicEndpoint } = t.config.s3;
      const key = await objectKeyOf(ticket.asset.id);
      expect(ticket).toMatchObject({ uploadUrl: `${publicEndpoint ?? endpoint}/${bucket}`, uploadMethod: 'POST', uploadHeaders: {} });
      const form = ticket.uploadForm;
      expect(form).toMatchObject({ bucket, key, 'Content-Type': 'image/png', 'x-amz-algorithm': 'AWS4-HMAC-SHA256' });

      const policy = JSON.parse(Buffer.from(form['policy']!, 'base64').toString('utf8')) as { expiration: string; conditions: unknown[] };
      // Exactly these conditions: nothing looser (a starts-with, a second range) rides along.
      expect(policy.conditions).toHaveLength(7);
      expect(policy.conditions).toEqual(
        expect.arrayContaining([
          ['eq', '$bucket', bucket],
          ['eq', '$key', key],
          ['eq', '$Content-Type', 'image/png'],
          ['content-length-range', byteSize, byteSize],
          ['eq', '$x-amz-date', form['x-amz-date']],
          ['eq', '$x-amz-algorithm', 'AWS4-HMAC-SHA256'],
          ['eq', '$x-amz-credential', form['x-amz-credential']],
        ]),
      );
      const ttlMs = 15 * 60 * 1000;
      expect(Date.parse(policy.expiration)).toBeGreaterThanOrEqual(before + ttlMs - 1000);
      expect(Date.parse(policy.expiration)).toBeLessThanOrEqual(after + ttlMs);
      expect(new Date(ticket.expiresAt).toISOString()).toBe(policy.expiration);

      // SigV4 for POST: HMAC-SHA256 of the base64 policy with the key derived from the secret and the scope.
      const [accessKey, day, region, service, terminator] = form['x-amz-credential']!.split('/');
      expect([accessKey, day, region, service, terminator]).toEqual(['S3RVER', form['x-amz-date']!.slice(0, 8), t.config.s3.region, 's3', 'aws4_request']);
      const hmac = (secret: string | Buffer, data: string) => createHmac('sha256', secret).update(data).digest();
      const signingKey = hmac(hmac(hmac(hmac('AWS4S3RVER', day!), region!), 's3'), 'aws4_request');
      expect(form['x-amz-signature']).toBe(createHmac('sha256', signingKey).update(form['policy']!).digest('hex'));
    });

    it('forbids a designer from requesting LoRA or consent document uploads', async () => {
      const lora = await requestUpload(designer, { kind: 'LORA', fileName: 'style.safetensors', contentType: 'application/octet-stream', byteSize: 1000 });
      expect(firstError(lora).extensions.code).toBe('FORBIDDEN');
      expectWorded(lora, 'asset.uploadForbidden.lora');
      const consent = await requestUpload(designer, { kind: 'CONSENT_DOCUMENT', fileName: 'consent.pdf', contentType: 'application/pdf', byteSize: 1000 });
      expect(firstError(consent).extensions.code).toBe('FORBIDDEN');
      expectWorded(consent, 'asset.uploadForbidden.consentDocument');
    });
  });

  describe('completeUpload', () => {
    it('says the file has not arrived before the upload and keeps the asset PENDING for a later one', async () => {
      const bytes = await makePngBytes({ width: 20, height: 10 });
      const ticket = await ticketFor(designer, 'REFERENCE_IMAGE', 'late.png', 'image/png', bytes.length);

      const early = await complete(designer, ticket.asset.id);
      const error = firstError(early);
      expect(error.extensions.code).toBe('BAD_USER_INPUT');
      expect(error.message).toMatch(/has not arrived/);
      expectWorded(early, 'asset.notArrived');
      expect((await readAsset(designer, ticket.asset.id)).data!['asset'].state).toBe('PENDING');

      await upload(ticket, bytes);
      const done = await complete(designer, ticket.asset.id);
      expect(done.errors).toBeUndefined();
      expect(done.data!['completeUpload']).toMatchObject({ state: 'READY', width: 20, height: 10 });
    });

    it('refuses a GIF uploaded as image/png, rejects it and deletes the object', async () => {
      const up = await uploadAsset(t, designer, 'REFERENCE_IMAGE', 'sneaky.png', 'image/png', await makeGifBytes());
      await expectRefusedAtCompletion(designer, up, /^This file is in GIF format; only PNG, JPEG, WebP files are accepted here\.$/);
    });

    it('refuses a pixel bomb from its header, naming its size and the limit', async () => {
      const up = await uploadAsset(t, designer, 'REFERENCE_IMAGE', 'bomb.png', 'image/png', makePixelBombPng());
      // Only the header check names the declared size, so this message proves nothing was decoded.
      await expectRefusedAtCompletion(designer, up, /10000 × 10000 pixels \(100 megapixels\); the limit is 40 megapixels/);
    });

    it('refuses a truncated PNG as damaged', async () => {
      const png = await makePngBytes({ width: 128, height: 96 });
      const up = await uploadAsset(t, designer, 'REFERENCE_IMAGE', 'cut.png', 'image/png', truncate(png, Math.floor(png.length / 2)));
      await expectRefusedAtCompletion(designer, up, /This image is damaged or incomplete/);
    });

    it('refuses a truncated JPEG as damaged', async () => {
      const jpeg = await makeJpegBytes({ width: 128, height: 96 });
      const up = await uploadAsset(t, designer, 'REFERENCE_IMAGE', 'cut.jpg', 'image/jpeg', truncate(jpeg, Math.floor(jpeg.length / 2)));
      await expectRefusedAtCompletion(designer, up, /This image is damaged or incomplete/);
    });

    it('refuses a file shorter than the byte size announced', async () => {
      const png = await makePngBytes();
      const ticket = await ticketFor(designer, 'REFERENCE_IMAGE', 'short.png', 'image/png', png.length + 100);
      // Real S3 and MinIO refuse this size (the policy's content-length-range); s3rver stores it, and
      // completeUpload must still refuse it.
      await upload(ticket, png);
      const error = await expectRefusedAtCompletion(designer, { assetId: ticket.asset.id, complete: () => complete(designer, ticket.asset.id) }, /but expected .*, so the upload did not finish/);
      expect(error.message).toContain(`${((png.length + 100) / 1024).toFixed(1)} KB`);
    });

    it('refuses a damaged .safetensors LoRA from an admin', async () => {
      const lora = makeLoraBytes();
      const up = await uploadAsset(t, admin, 'LORA', 'broken.safetensors', 'application/octet-stream', truncate(lora, lora.length - 64));
      await expectRefusedAtCompletion(admin, up, /This \.safetensors file is damaged or incomplete\./);
    });

    it('will not complete a REJECTED asset again', async () => {
      const up = await uploadAsset(t, designer, 'REFERENCE_IMAGE', 'again.png', 'image/png', await makeGifBytes());
      const first = firstError(await up.complete());
      const second = firstError(await up.complete());
      expect(second.extensions.code).toBe('BAD_USER_INPUT');
      // The same answer as the first time, by the same reason.
      expect(second).toMatchObject({ message: first.message, extensions: { reason: 'asset.formatNotAccepted', params: first.extensions['params'], assetId: up.assetId } });
      expect((await readAsset(designer, up.assetId)).data!['asset'].state).toBe('REJECTED');
      expect((await auditActions(up.assetId)).filter((a) => a.action === 'asset.rejected')).toHaveLength(1);
      const stored = await t.sql.query(`SELECT rejection FROM assets WHERE id = $1`, [up.assetId]);
      expect(stored.rows[0].rejection).toEqual({ reason: 'asset.formatNotAccepted', params: first.extensions['params'] });
    });

    it('undoes the migration that keeps refusals by reason, and applies it again', async () => {
      const runner = t.dataSource.createQueryRunner();
      const hasColumn = async () => (await runner.query(`SELECT count(*)::int AS n FROM information_schema.columns WHERE table_name = 'assets' AND column_name = 'rejection'`))[0].n;
      try {
        const migration = new (ALL_MIGRATIONS.find((m) => m.name === 'KeepAssetRejectionReasons1765038600000')!)();
        await migration.down(runner);
        expect(await hasColumn()).toBe(0);
        await migration.up(runner);
        expect(await hasColumn()).toBe(1);
      } finally {
        await runner.release();
      }
    });

    it('accepts a valid LoRA and a valid PDF consent document from an admin', async () => {
      const loraBytes = makeLoraBytes();
      const lora = await uploadAsset(t, admin, 'LORA', 'style.safetensors', 'application/octet-stream', loraBytes);
      const loraDone = await lora.complete();
      expect(loraDone.errors).toBeUndefined();
      expect((await readAsset(admin, lora.assetId)).data!['asset']).toMatchObject({ kind: 'LORA', state: 'READY', contentType: 'application/x-safetensors', sha256: createHash('sha256').update(loraBytes).digest('hex'), width: null });

      const pdfBytes = makePdfBytes();
      const pdf = await uploadAsset(t, admin, 'CONSENT_DOCUMENT', 'consent.pdf', 'application/pdf', pdfBytes);
      const pdfDone = await pdf.complete();
      expect(pdfDone.errors).toBeUndefined();
      expect((await readAsset(admin, pdf.assetId)).data!['asset']).toMatchObject({ kind: 'CONSENT_DOCUMENT', state: 'READY', contentType: 'application/pdf', sha256: createHash('sha256').update(pdfBytes).digest('hex') });
    });
  });

  describe('ownership', () => {
    it("hides another designer's asset from completeUpload and asset(id) as NOT_FOUND", async () => {
      const bytes = await makePngBytes();
      const ticket = await ticketFor(designer, 'REFERENCE_IMAGE', 'mine.png', 'image/png', bytes.length);
      await upload(ticket, bytes);

      const stolen = await complete(otherDesigner, ticket.asset.id);
      expect(firstError(stolen).extensions.code).toBe('NOT_FOUND');
      expect((await readAsset(designer, ticket.asset.id)).data!['asset'].state).toBe('PENDING');

      expect((await complete(designer, ticket.asset.id)).errors).toBeUndefined();
      const peek = await readAsset(otherDesigner, ticket.asset.id);
      expect(firstError(peek).extensions.code).toBe('NOT_FOUND');
      expect(peek.data).toBeNull();
    });
  });
});

describe('reference photos of versions in review', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t?.close());

  it('lets a reviewer load the reference photo of a submitted version, but not of a draft, and nobody else', async () => {
    const [admin, designer, otherDesigner, reviewer] = [await createUser(t, ['ADMIN']), await createUser(t, ['DESIGNER']), await createUser(t, ['DESIGNER']), await createUser(t, ['REVIEWER'])];
    await createPreviewSubject(t, admin, 'Mei');
    const photo = await uploadAsset(t, designer, 'REFERENCE_IMAGE', 'pose.png', 'image/png', await makePngBytes());
    expect((await photo.complete()).errors).toBeUndefined();
    const template = await createTemplate(t, designer);
    const spec = makeTemplateSpec({ reference: { assetId: photo.assetId, x: 0.5, y: 0.5, scale: 1, opacity: 0.5 } });
    const saved = await t.gql(`mutation($input: SaveDraftInput!) { saveDraft(input: $input) { id } }`, { input: { templateId: template.id, spec, baseRevision: template.headRevision } }, designer);
    expect(saved.errors).toBeUndefined();

    const read = (user: TestUser) => t.gql(`query($id: ID!) { asset(id: $id) { id url } }`, { id: photo.assetId }, user);
    expect((await read(reviewer)).errors![0]!.extensions.code).toBe('NOT_FOUND');
    expect((await submitWithPreviews(t, designer, template.draft.id)).errors).toBeUndefined();

    const asReviewer = await read(reviewer);
    expect(asReviewer.errors).toBeUndefined();
    expect((await fetch(asReviewer.data!['asset'].url)).headers.get('content-type')).toContain('image/png');
    expect((await read(otherDesigner)).errors![0]!.extensions.code).toBe('NOT_FOUND');
  });
});
