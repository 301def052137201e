import { createHash, randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { badInputIssues, forbidden, inputIssue, isUuid, notFound, reasonError, requireUuid, type InputIssue } from '../../common/app-error.js';
import { hasRole, type ApiKeyPrincipal, type AuthUser } from '../../common/request-context.js';
import { AuditService, type AuditActor } from '../audit/audit.service.js';
import { APP_IDENTITY_KINDS, AssetEntity, type StoredAssetKind } from './asset.entity.js';
import type { AssetObject, UploadTicketObject } from './asset.object.js';
import { ASSET_KIND_RULES, acceptedFormats, assetRefusal, formatBytes, inspectAssetContent, isDeclaredContentTypeAllowed, isFileNameAllowed, normalizeContentType, type AssetKind, type AssetRefusal } from './asset-inspection.js';
import { StorageService } from './storage.service.js';
import { readSafetensorsHeaderLength } from '@atelier/safetensors';
import { apiMessage, isApiMessageKey } from '@atelier/messages';

const UPLOAD_URL_TTL_SECONDS = 15 * 60;
const DOWNLOAD_URL_TTL_SECONDS = 10 * 60;
// A check (copy, read, hash of at most 2 GB) that has run this long was cut short by a crash.
const ABANDONED_CHECK_SECONDS = 30 * 60;
// How long a second completeUpload waits for the first one's verdict.
const WAIT_FOR_CHECK_MS = 60_000;
const MAX_FILE_NAME = 255;

// Who may upload what: reference images are designers' material, LoRAs and consent documents are
// an admin's business.
const UPLOADERS: Record<AssetKind, ReadonlyArray<'DESIGNER' | 'ADMIN'>> = {
  REFERENCE_IMAGE: ['DESIGNER', 'ADMIN'],
  LORA: ['ADMIN'],
  CONSENT_DOCUMENT: ['ADMIN'],
  SUBJECT_PHOTO: ['ADMIN'],
  // End users' identities come only from their consumer app (an API key with render).
  IDENTITY_LORA: [],
  IDENTITY_PHOTO: [],
};

/** Who calls an upload operation: a studio user, or a consumer app's API key. */
export type AssetCaller = { user: AuthUser } | { app: ApiKeyPrincipal };

export function isAppIdentity(asset: Pick<AssetEntity, 'kind'>): boolean {
  return APP_IDENTITY_KINDS.includes(asset.kind);
}

function auditActorOf(caller: AssetCaller): AuditActor {
  return 'app' in caller ? { kind: 'API_KEY', id: caller.app.id } : { kind: 'USER', id: caller.user.id };
}

// An app identity's storage key never carries the end user's file name (keys show up in logs).
function storedFileName(kind: StoredAssetKind, fileName: string): string {
  if (!APP_IDENTITY_KINDS.includes(kind)) return safeFileName(fileName);
  const extension = /\.[A-Za-z0-9]{1,12}$/.exec(fileName)?.[0]?.toLowerCase() ?? '';
  return `identity${extension}`;
}

function safeFileName(name: string): string {
  const cleaned = name.normalize('NFC').replace(/[^\p{L}\p{N}._-]+/gu, '_').replace(/^_+|_+$/g, '');
  return (cleaned || 'file').slice(-100);
}

@Injectable()
export class AssetService {
  private readonly logger = new Logger(AssetService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly storage: StorageService,
    private readonly audit: AuditService,
  ) {}

  async requestUpload(caller: AssetCaller, input: { kind: StoredAssetKind; fileName: string; contentType: string; byteSize: number }): Promise<UploadTicketObject> {
    if (input.kind === 'PREVIEW_IMAGE') throw badInputIssues([inputIssue('kind', 'asset.previewNotUploadable')]);
    const kind: AssetKind = input.kind;
    const rule = ASSET_KIND_RULES[kind];
    if ('app' in caller) {
      if (!APP_IDENTITY_KINDS.includes(kind)) throw forbidden('asset.appUploadsIdentityOnly');
      // A render key always has an app (the database insists); refuse rather than store an orphan.
      if (!caller.app.consumerAppId) throw forbidden('apiKey.consumerAppRequiredForRender');
    } else if (!UPLOADERS[kind].some((r) => hasRole(caller.user, r))) throw forbidden(`asset.uploadForbidden.${rule.word}`);
    const accepted = acceptedFormats(kind);
    const issues: InputIssue[] = [];
    const fileName = input.fileName.trim();
    if (!fileName || fileName.length > MAX_FILE_NAME) issues.push(inputIssue('fileName', 'asset.fileNameLength', { min: 1, max: MAX_FILE_NAME }));
    else if (!isFileNameAllowed(kind, fileName)) issues.push(inputIssue('fileName', 'asset.extensionNotAccepted', accepted));
    if (!isDeclaredContentTypeAllowed(kind, input.contentType)) issues.push(inputIssue('contentType', 'asset.contentTypeNotAccepted', { formats: accepted.formats, contentType: input.contentType }));
    if (!Number.isInteger(input.byteSize) || input.byteSize < 1) issues.push(inputIssue('byteSize', 'asset.byteSizeInvalid'));
    else if (input.byteSize > rule.maxBytes) issues.push(inputIssue('byteSize', 'asset.tooLarge', { size: formatBytes(input.byteSize), max: formatBytes(rule.maxBytes) }));
    if (issues.length) throw badInputIssues(issues);

    const id = randomUUID();
    // Uploads land in a staging key; completeUpload moves checked files to their final key.
    const key = `incoming/${id}/${storedFileName(kind, fileName)}`;
    const contentType = normalizeContentType(input.contentType);
    const owner = 'app' in caller ? { ownerId: null, ownerAppId: caller.app.consumerAppId } : { ownerId: caller.user.id, ownerAppId: null };
    const asset = await this.dataSource.transaction(async (m) => {
      const row = await m.save(
        m.create(AssetEntity, { id, kind, state: 'PENDING', bucket: this.storage.bucket, objectKey: key, fileName, contentType, byteSize: input.byteSize, sha256: null, width: null, height: null, rejectionReason: null, ...owner, lastUsedAt: null, completedAt: null }),
      );
      // An end user's file name is not the platform's to keep in its audit log.
      const after = 'app' in caller ? { kind, byteSize: input.byteSize } : { kind, fileName, byteSize: input.byteSize };
      await this.audit.record(m, { actor: auditActorOf(caller), action: 'asset.upload_requested', entityType: 'asset', entityId: id, after });
      return row;
    });
    // A POST policy, not a PUT URL: storage itself refuses a file of another size or type, so nobody
    // can park gigabytes under a ticket announced as a small image.
    const expiresAt = new Date(Date.now() + UPLOAD_URL_TTL_SECONDS * 1000);
    const form = await this.storage.presignUploadForm(key, { contentType, byteSize: input.byteSize, expiresAt });
    return {
      asset: await this.toObject(asset),
      uploadUrl: form.url,
      uploadMethod: 'POST',
      uploadForm: form.fields,
      uploadHeaders: {},
      expiresAt,
    };
  }

  // Checks that the object really arrived with the declared size and a content that matches its
  // kind, then marks it READY; otherwise deletes it, marks it REJECTED and says why.
  // The check (a copy, a read and a hash of up to 2 GB on a possibly slow S3) runs outside any
  // transaction: the asset is claimed as CHECKING in a short one, inspected, then finalised in
  // another, so slow storage never holds a row lock or a pooled connection.
  async completeUpload(caller: AssetCaller, assetId: string): Promise<AssetEntity> {
    const { id } = await this.findCallersAsset(caller, assetId);
    const claimed = await this.claimForChecking(id);
    if (!claimed) return this.outcomeOf(await this.waitWhileChecking(id));

    let checked: Awaited<ReturnType<AssetService['checkArrivedUpload']>>;
    try {
      checked = await this.checkArrivedUpload(claimed);
    } catch (error) {
      // Nothing was decided (the file has not arrived, storage failed): the upload may be completed again.
      await this.dataSource.query(`UPDATE assets SET state = 'PENDING', checking_since = NULL WHERE id = $1 AND state = 'CHECKING'`, [id]);
      throw error;
    }
    const actor = auditActorOf(caller);
    const isIdentity = isAppIdentity(claimed);
    await this.dataSource.transaction(async (m) => {
      if (!checked.ok) {
        const { reason, params, message } = checked.refusal;
        await m.update(AssetEntity, { id, state: 'CHECKING' }, { state: 'REJECTED', rejectionReason: message, rejection: { reason, params }, completedAt: new Date(), checkingSince: null });
        await this.audit.record(m, { actor, action: 'asset.rejected', entityType: 'asset', entityId: id, after: { reason: message } });
        return;
      }
      const now = new Date();
      // An app identity's retention counts from its last render; until it has one, from now.
      await m.update(AssetEntity, { id, state: 'CHECKING' }, { state: 'READY', objectKey: checked.key, contentType: checked.contentType, sha256: checked.sha256, width: checked.width ?? null, height: checked.height ?? null, completedAt: now, checkingSince: null, ...(isIdentity ? { lastUsedAt: now } : {}) });
      await this.audit.record(m, { actor, action: 'asset.completed', entityType: 'asset', entityId: id, after: isIdentity ? { contentType: checked.contentType } : { sha256: checked.sha256, contentType: checked.contentType } });
    });
    if (!checked.ok) throw refusedUpload(id, checked.refusal);
    const done = await this.dataSource.manager.findOneBy(AssetEntity, { id });
    if (!done) {
      // Deleted (deleteAsset) while it was being checked: its checked copy goes too.
      if (checked.ok) await this.storage.remove(checked.key).catch((e: unknown) => this.logger.warn(`could not delete the checked copy of deleted asset ${id}: ${String(e)}`));
      throw notFound('Asset', assetId);
    }
    return done;
  }

  // PENDING -> CHECKING in one short statement; also takes over a check abandoned by a process that
  // died (CHECKING for longer than any check takes). Null when someone else is checking it, or it is done.
  private async claimForChecking(id: string): Promise<AssetEntity | null> {
    const [rows]: [Array<{ id: string }>, number] = await this.dataSource.query(
      `UPDATE assets SET state = 'CHECKING', checking_since = now()
       WHERE id = $1 AND (state = 'PENDING' OR (state = 'CHECKING' AND checking_since < now() - make_interval(secs => $2)))
       RETURNING id`,
      [id, ABANDONED_CHECK_SECONDS],
    );
    return rows.length ? this.dataSource.manager.findOneByOrFail(AssetEntity, { id }) : null;
  }

  // A second completeUpload of the same asset waits for the first one's outcome, as it did when the
  // check held a row lock.
  private async waitWhileChecking(id: string): Promise<AssetEntity> {
    const deadline = Date.now() + WAIT_FOR_CHECK_MS;
    for (;;) {
      const asset = await this.dataSource.manager.findOneByOrFail(AssetEntity, { id });
      if (asset.state !== 'CHECKING') return asset;
      if (Date.now() > deadline) throw reasonError('INVALID_STATE_TRANSITION', 'asset.stillChecking', {}, { currentState: 'CHECKING' });
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  // A completeUpload that waited for another one's check answers what that one answered.
  private outcomeOf(asset: AssetEntity): AssetEntity {
    if (asset.state !== 'REJECTED') return asset;
    const stored = asset.rejection;
    // Refused before refusals were kept by reason: only the English sentence is left.
    const refusal = stored && isApiMessageKey(stored.reason) ? assetRefusal(stored.reason, stored.params) : assetRefusal('asset.refusedEarlier', { detail: (asset.rejectionReason ?? 'it did not pass the checks').replace(/\.$/, '') });
    throw refusedUpload(asset.id, refusal);
  }

  // Checks the object an upload URL delivered. The URL stays valid for a while and could overwrite
  // what we check, so the object is first copied to a key no upload URL can write; that copy is
  // what is checked and served (or deleted when refused).
  private async checkArrivedUpload(asset: AssetEntity): Promise<{ ok: true; key: string; contentType: string; sha256: string; width?: number; height?: number } | { ok: false; refusal: AssetRefusal }> {
    const stagingKey = asset.objectKey;
    if ((await this.storage.statSize(stagingKey)) === null) throw badInputIssues([inputIssue('assetId', 'asset.notArrived')]);
    const key = finalKeyFor(asset);
    await this.storage.copy(stagingKey, key);
    await this.storage.remove(stagingKey).catch((e: unknown) => this.logger.warn(`could not delete staged upload ${stagingKey}: ${String(e)}`));
    const refuse = async (refusal: AssetRefusal) => {
      await this.storage.remove(key).catch((e: unknown) => this.logger.warn(`could not delete refused object ${key}: ${String(e)}`));
      return { ok: false as const, refusal };
    };
    const size = (await this.storage.statSize(key))!;
    const kind = asset.kind as AssetKind;
    const maxBytes = ASSET_KIND_RULES[kind].maxBytes;
    if (size > maxBytes) return refuse(assetRefusal('asset.tooLarge', { size: formatBytes(size), max: formatBytes(maxBytes) }));
    if (size !== asset.byteSize) return refuse(assetRefusal('asset.sizeMismatch', { received: formatBytes(size), expected: formatBytes(asset.byteSize) }));
    // LoRAs can be gigabytes: check their header from a range read and hash them as a stream.
    const isLora = kind === 'LORA' || kind === 'IDENTITY_LORA';
    const bytes = isLora ? await this.readSafetensorsPrefix(key, size) : await this.storage.read(key);
    const result = await inspectAssetContent(kind, bytes, { contentType: asset.contentType, fileName: asset.fileName, byteSize: asset.byteSize }, { totalBytes: size });
    if (!result.ok) {
      if (result.detail) this.logger.debug(`asset ${asset.id} refused: ${result.detail}`);
      return refuse(result.refusal);
    }
    const sha256 = isLora ? await this.storage.sha256(key) : createHash('sha256').update(bytes).digest('hex');
    return { ok: true, key, contentType: result.contentType, sha256, width: result.width, height: result.height };
  }

  // The first 8 bytes give the header length; the header follows. A nonsense length just yields a
  // short prefix, which the inspection then reports as damaged.
  private async readSafetensorsPrefix(key: string, size: number): Promise<Buffer> {
    const first8 = await this.storage.readRange(key, 0, Math.min(8, size));
    const length = readSafetensorsHeaderLength(first8);
    if (!length.ok || 8 + length.headerBytes > size) return first8;
    return this.storage.readRange(key, 0, 8 + length.headerBytes);
  }

  // An app's own identities for its keys; for studio users their own uploads (admins: any), never an app's.
  private async findCallersAsset(caller: AssetCaller, assetId: string): Promise<AssetEntity> {
    if ('app' in caller) return this.findAppIdentity(caller.app, assetId);
    return this.findOwnAsset(caller.user, assetId);
  }

  async findOwnAsset(user: AuthUser, assetId: string): Promise<AssetEntity> {
    const asset = await this.dataSource.manager.findOneBy(AssetEntity, { id: requireUuid(assetId, 'Asset') });
    if (!asset || isAppIdentity(asset) || (asset.ownerId !== user.id && !hasRole(user, 'ADMIN'))) throw notFound('Asset', assetId);
    return asset;
  }

  /** One of the app's own identities; any other asset (another app's, a studio upload) is not found, so its existence is never revealed. */
  async findAppIdentity(app: ApiKeyPrincipal, assetId: string): Promise<AssetEntity> {
    const asset = await this.dataSource.manager.findOneBy(AssetEntity, { id: requireUuid(assetId, 'Asset') });
    if (!asset || !isAppIdentity(asset) || !app.consumerAppId || asset.ownerAppId !== app.consumerAppId) throw notFound('Asset', assetId);
    return asset;
  }

  /** What `asset(id)` may show: the caller's own assets (admins: any but apps' identities), and reference photos of versions a reviewer may see. */
  async findReadableAsset(user: AuthUser, assetId: string): Promise<AssetEntity> {
    const asset = await this.dataSource.manager.findOneBy(AssetEntity, { id: requireUuid(assetId, 'Asset') });
    if (!asset || isAppIdentity(asset) || (asset.ownerId !== user.id && !hasRole(user, 'ADMIN') && !(await this.isReferenceVisibleTo(user, asset)))) throw notFound('Asset', assetId);
    return asset;
  }

  // A reference photo is also readable by whoever may read a version that uses it: reviewers see
  // the canvas of a submitted version as its designer drew it.
  private async isReferenceVisibleTo(user: AuthUser, asset: AssetEntity): Promise<boolean> {
    if (asset.kind !== 'REFERENCE_IMAGE' || !hasRole(user, 'REVIEWER')) return false;
    const rows: unknown[] = await this.dataSource.query(
      `SELECT 1 FROM template_versions WHERE state <> 'DRAFT' AND spec->'reference'->>'assetId' = $1 LIMIT 1`,
      [asset.id],
    );
    return rows.length > 0;
  }

  async requireReadyAsset(id: string, kind: AssetKind): Promise<AssetEntity> {
    const asset = await this.dataSource.manager.findOneBy(AssetEntity, { id });
    if (!asset || asset.kind !== kind) throw badInputIssues([inputIssue('assetId', `asset.noSuch.${ASSET_KIND_RULES[kind].word}`)]);
    if (asset.state !== 'READY') throw badInputIssues([inputIssue('assetId', 'asset.notComplete')]);
    return asset;
  }

  // Null when the asset may serve as this user's reference image; otherwise the reason of a spec issue.
  async findReferenceProblem(assetId: string, user: AuthUser): Promise<'spec.referenceNotFound' | 'spec.referenceNotUploaded' | null> {
    if (!isUuid(assetId)) return 'spec.referenceNotFound';
    const asset = await this.dataSource.manager.findOneBy(AssetEntity, { id: assetId });
    if (!asset || asset.kind !== 'REFERENCE_IMAGE' || (asset.ownerId !== user.id && !hasRole(user, 'ADMIN'))) return 'spec.referenceNotFound';
    if (asset.state !== 'READY') return 'spec.referenceNotUploaded';
    return null;
  }

  findById(id: string): Promise<AssetEntity | null> {
    return this.dataSource.manager.findOneBy(AssetEntity, { id });
  }

  async downloadUrl(asset: AssetEntity): Promise<string | null> {
    if (asset.state !== 'READY') return null;
    return this.storage.presignGet(asset.objectKey, DOWNLOAD_URL_TTL_SECONDS, { fileName: asset.fileName, contentType: asset.contentType });
  }

  async toObject(asset: AssetEntity): Promise<AssetObject> {
    return {
      id: asset.id,
      kind: asset.kind,
      state: asset.state,
      fileName: asset.fileName,
      contentType: asset.contentType,
      byteSize: asset.byteSize,
      width: asset.width,
      height: asset.height,
      sha256: asset.sha256,
      rejectionReason: asset.rejectionReason,
      url: await this.downloadUrl(asset),
      createdAt: asset.createdAt,
    };
  }
}

function finalKeyFor(asset: AssetEntity): string {
  return `${asset.kind.toLowerCase().replace(/_/g, '-')}/${asset.id}/${storedFileName(asset.kind, asset.fileName)}`;
}

// BAD_USER_INPUT for a refused file, at `file`, with the asset's id.
function refusedUpload(assetId: string, refusal: AssetRefusal) {
  return reasonError('BAD_USER_INPUT', refusal.reason, refusal.params, { issues: [inputIssue('file', refusal.reason, refusal.params)], assetId });
}
