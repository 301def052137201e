import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { makeDemoLoraSafetensors } from '@atelier/safetensors';
import { expectWordedSentence, wordingOf } from './setup/expect-worded.js';
import { startTestApp, type TestApp } from './setup/test-app.js';
import { makePngBytes } from './factories/asset-fixtures.js';
import { createLora, createUser, uploadAsset, type TestUser } from './factories/factories.js';

const REGISTER = `mutation($input: RegisterLoraInput!) { registerLora(input: $input) { id name thumbnailUrl } }`;
const SET = `mutation($lora: ID!, $asset: ID!) { setLoraThumbnail(loraId: $lora, assetId: $asset) { id thumbnailUrl } }`;

describe('LoRA thumbnails', () => {
  let t: TestApp;
  let admin: TestUser;
  let designer: TestUser;

  async function uploadedImage(user: TestUser): Promise<string> {
    const up = await uploadAsset(t, user, 'REFERENCE_IMAGE', 'sample.png', 'image/png', await makePngBytes({ width: 96, height: 128 }));
    const done = await up.complete();
    expect(done.errors).toBeUndefined();
    return up.assetId;
  }

  async function uploadedLoraFile(): Promise<string> {
    const up = await uploadAsset(t, admin, 'LORA', 'style.safetensors', 'application/octet-stream', makeDemoLoraSafetensors({ name: 'thumb', baseModel: 'sdxl', seed: 5 }));
    expect((await up.complete()).errors).toBeUndefined();
    return up.assetId;
  }

  beforeAll(async () => {
    t = await startTestApp();
    admin = await createUser(t, ['ADMIN']);
    designer = await createUser(t, ['DESIGNER']);
  });
  afterAll(() => t?.close());

  it('registers a LoRA with a picture every studio user can load, and lists it with the others', async () => {
    const thumbnailAssetId = await uploadedImage(admin);
    const res = await t.gql(REGISTER, { input: { name: 'Soft Film', baseModel: 'SDXL', defaultWeight: 0.6, minWeight: 0, maxWeight: 1, fileAssetId: await uploadedLoraFile(), thumbnailAssetId } }, admin);
    expect(res.errors).toBeUndefined();
    expect(res.data!['registerLora'].thumbnailUrl).toContain('X-Amz-Signature');
    const plain = await createLora(t, admin, { name: 'No Picture' });

    const listed = (await t.gql(`{ loras { id name thumbnailUrl } }`, {}, designer)).data!['loras'] as Array<{ id: string; thumbnailUrl: string | null }>;
    const withPicture = listed.find((l) => l.id === res.data!['registerLora'].id)!;
    const image = await fetch(withPicture.thumbnailUrl!);
    expect(image.headers.get('content-type')).toContain('image/png');
    expect(listed.find((l) => l.id === plain.id)!.thumbnailUrl).toBeNull();
  });

  it('gives an existing LoRA a picture, and refuses something that is not an uploaded image', async () => {
    const lora = await createLora(t, admin, { name: 'Later Picture' });
    const set = await t.gql(SET, { lora: lora.id, asset: await uploadedImage(admin) }, admin);
    expect(set.errors).toBeUndefined();
    expect(set.data!['setLoraThumbnail'].thumbnailUrl).toContain('X-Amz-Signature');
    const stored = await t.sql.query(`SELECT thumbnail_asset_id FROM loras WHERE id = $1`, [lora.id]);
    expect(stored.rows[0].thumbnail_asset_id).not.toBeNull();

    const notAnImage = await t.gql(SET, { lora: lora.id, asset: await uploadedLoraFile() }, admin);
    expect(notAnImage.errors![0]!.extensions.code).toBe('BAD_USER_INPUT');
    expect(notAnImage.errors![0]!.message).toBe('Use an image you uploaded yourself (PNG, JPEG or WebP) as the LoRA thumbnail.');
    expectWordedSentence(wordingOf(notAnImage.errors![0]!), 'lora.thumbnailNotYours');
    // A designer's reference photo (it may show a real person) cannot become a picture everyone sees.
    const designersPhoto = await t.gql(SET, { lora: lora.id, asset: await uploadedImage(designer) }, admin);
    expect(designersPhoto.errors![0]!.extensions.code).toBe('BAD_USER_INPUT');
    expect((await t.sql.query(`SELECT thumbnail_asset_id FROM loras WHERE id = $1`, [lora.id])).rows[0].thumbnail_asset_id).toBe(stored.rows[0].thumbnail_asset_id);
    expect((await t.gql(SET, { lora: '00000000-0000-4000-8000-000000000000', asset: await uploadedImage(admin) }, admin)).errors![0]!.extensions.code).toBe('NOT_FOUND');
    expect((await t.gql(SET, { lora: lora.id, asset: await uploadedImage(designer) }, designer)).errors![0]!.extensions.code).toBe('FORBIDDEN');
  });
});
