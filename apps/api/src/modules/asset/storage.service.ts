import { Inject, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import { Client } from 'minio';
import type { Readable } from 'node:stream';
import { API_CONFIG, type ApiConfig } from '../../config/api-config.js';
import { isStorageNetworkError, StorageUnavailableError } from '../../common/storage-unavailable.js';

// Sockets to storage that move no bytes for `idleMs` are destroyed, so the request fails instead of
// hanging (the agent's own timeout only reports an idle socket).
function idleTimeoutAgent(useSSL: boolean, idleMs: number): http.Agent {
  const agent = useSSL ? new https.Agent({ keepAlive: true }) : new http.Agent({ keepAlive: true });
  const create = (agent as unknown as { createConnection: (...args: unknown[]) => Socket }).createConnection.bind(agent);
  (agent as unknown as { createConnection: (...args: unknown[]) => Socket }).createConnection = (...args: unknown[]) => {
    const socket = create(...args);
    socket.setTimeout(idleMs, () => socket.destroy(new Error(`Storage did not answer for ${idleMs} ms`)));
    return socket;
  };
  return agent;
}

function clientFor(endpoint: string, config: ApiConfig['s3']): Client {
  const url = new URL(endpoint);
  const useSSL = url.protocol === 'https:';
  return new Client({
    transportAgent: idleTimeoutAgent(useSSL, config.idleTimeoutMs),
    endPoint: url.hostname,
    port: url.port ? Number(url.port) : useSSL ? 443 : 80,
    useSSL,
    accessKey: config.accessKey,
    secretKey: config.secretKey,
    // A fixed region: the client then never asks the server for it (presigning stays offline).
    region: config.region,
    pathStyle: true,
  });
}

const STABLE_LINK_WINDOW_SECONDS = 600;
// A storage request that failed on the network is sent once more after this pause (every request
// here is idempotent): a keep-alive socket the server closed as it was reused fails with ECONNRESET.
const NETWORK_RETRY_MS = 50;
// Links kept for the current window: a catalog page's previews, many times over.
const MAX_STABLE_LINKS = 20_000;

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

// The only code that talks to object storage (MinIO, s3rver or AWS, all through the minio client).
@Injectable()
export class StorageService {
  private readonly client: Client;
  // Presigned URLs are signed for the host the browser will use (S3_PUBLIC_ENDPOINT in compose).
  private readonly publicClient: Client;
  readonly bucket: string;
  // The stable links signed in the current window (see presignStableGet), by validity and key.
  private stableLinks = { window: -1, links: new Map<string, Promise<string>>() };

  constructor(@Inject(API_CONFIG) config: ApiConfig) {
    if (!config.s3.endpoint) throw new Error('S3 endpoint is not configured');
    this.client = clientFor(config.s3.endpoint, config.s3);
    this.publicClient = clientFor(config.s3.publicEndpoint ?? config.s3.endpoint, config.s3);
    this.bucket = config.s3.bucket;
  }

  // Readiness: the bucket answers (throws with the reason otherwise).
  async checkReachable(): Promise<void> {
    if (!(await this.client.bucketExists(this.bucket))) throw new Error(`bucket ${this.bucket} does not exist`);
  }

  // API processes starting together may all find no bucket: only one creation wins, and the others
  // are told it exists (BucketAlreadyOwnedByYou / BucketAlreadyExists), which is what they wanted.
  async ensureBucket(): Promise<void> {
    if (await this.client.bucketExists(this.bucket)) return;
    try {
      await this.client.makeBucket(this.bucket);
    } catch (error) {
      if (!(await this.client.bucketExists(this.bucket))) throw error;
    }
  }

  // Worker outputs only: a PUT URL binds neither size nor type (studio uploads use presignUploadForm).
  presignPut(key: string, expirySeconds: number): Promise<string> {
    return this.publicClient.presignedPutObject(this.bucket, key, expirySeconds);
  }

  /**
   * A browser upload form (S3 POST policy) for one key: storage takes exactly `byteSize` bytes
   * declared as `contentType` until `expiresAt`. The policy is signed, so the uploader cannot widen it.
   */
  async presignUploadForm(key: string, file: { contentType: string; byteSize: number; expiresAt: Date }): Promise<{ url: string; fields: Record<string, string> }> {
    const policy = this.publicClient.newPostPolicy();
    policy.setBucket(this.bucket);
    policy.setKey(key);
    policy.setContentType(file.contentType);
    policy.setContentLengthRange(file.byteSize, file.byteSize);
    policy.setExpires(file.expiresAt);
    const { postURL, formData } = await this.publicClient.presignedPostPolicy(policy);
    return { url: postURL, fields: formData };
  }

  /**
   * A GET link. With `contentType` (the type the API verified, not the one the uploader sent) the
   * answer carries that type, and anything that is not an image downloads as an attachment instead
   * of opening in the browser.
   */
  presignGet(key: string, expirySeconds: number, served: { fileName?: string; contentType?: string } = {}): Promise<string> {
    const headers: Record<string, string> = {};
    if (served.contentType) headers['response-content-type'] = served.contentType;
    const disposition = served.contentType && !served.contentType.startsWith('image/') ? 'attachment' : 'inline';
    if (served.fileName) headers['response-content-disposition'] = `${disposition}; filename="${served.fileName.replace(/["\\\r\n]/g, '_')}"`;
    else if (disposition === 'attachment') headers['response-content-disposition'] = 'attachment';
    return this.publicClient.presignedGetObject(this.bucket, key, expirySeconds, headers);
  }

  // A GET link that is the same for every caller within a 10-minute window (signed at the window's
  // start), so apps and browsers can cache the image by URL; valid at least `minValidSeconds` from now.
  // Being the same, it is signed once per window (signing costs about 40 us of CPU, and a catalog
  // page may show a hundred previews).
  presignStableGet(key: string, minValidSeconds: number): Promise<string> {
    const windowMs = STABLE_LINK_WINDOW_SECONDS * 1000;
    const window = Math.floor(Date.now() / windowMs);
    if (this.stableLinks.window !== window) this.stableLinks = { window, links: new Map() };
    const { links } = this.stableLinks;
    const memo = `${minValidSeconds}:${key}`;
    let link = links.get(memo);
    if (link === undefined) {
      link = this.publicClient.presignedGetObject(this.bucket, key, minValidSeconds + STABLE_LINK_WINDOW_SECONDS, {}, new Date(window * windowMs));
      if (links.size >= MAX_STABLE_LINKS) links.clear();
      links.set(memo, link);
      link.catch(() => links.get(memo) === link && links.delete(memo));
    }
    return link;
  }

  // Size of the stored object, or null when nothing arrived.
  async statSize(key: string): Promise<number | null> {
    try {
      const stat = await this.resilient(() => this.client.statObject(this.bucket, key));
      return stat.size;
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (code === 'NotFound' || code === 'NoSuchKey') return null;
      throw e;
    }
  }

  async read(key: string): Promise<Buffer> {
    return this.resilient(async () => readAll(await this.client.getObject(this.bucket, key)));
  }

  /**
   * The object's bytes in one request (no stat first): null when nothing is stored under the key,
   * { tooLarge: size } (nothing more read) when it is larger than maxBytes.
   */
  async readWithin(key: string, maxBytes: number): Promise<{ bytes: Buffer } | { tooLarge: number } | null> {
    return this.resilient(() => this.readWithinOnce(key, maxBytes));
  }

  private async readWithinOnce(key: string, maxBytes: number): Promise<{ bytes: Buffer } | { tooLarge: number } | null> {
    let stream: Readable & { headers?: Record<string, string | string[] | undefined> };
    try {
      stream = await this.client.getObject(this.bucket, key);
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (code === 'NotFound' || code === 'NoSuchKey') return null;
      throw e;
    }
    // The answer's headers say the size before any byte is read; without them, count while reading.
    const declared = Number(stream.headers?.['content-length']);
    if (Number.isFinite(declared) && declared > maxBytes) {
      stream.destroy();
      return { tooLarge: declared };
    }
    const chunks: Buffer[] = [];
    let read = 0;
    for await (const chunk of stream) {
      read += (chunk as Buffer).length;
      if (read > maxBytes) {
        stream.destroy();
        return { tooLarge: Number.isFinite(declared) ? declared : read };
      }
      chunks.push(chunk as Buffer);
    }
    return { bytes: Buffer.concat(chunks) };
  }

  /** The object's bytes, or null when nothing is stored under the key (one request, no stat first). */
  async readIfExists(key: string): Promise<Buffer | null> {
    try {
      return await this.read(key);
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (code === 'NotFound' || code === 'NoSuchKey') return null;
      throw e;
    }
  }

  // `length` bytes from `offset` (fewer at the end of the object).
  async readRange(key: string, offset: number, length: number): Promise<Buffer> {
    return this.resilient(async () => readAll(await this.client.getPartialObject(this.bucket, key, offset, length)));
  }

  // SHA-256 of the stored object, streamed: large files never sit in memory.
  async sha256(key: string): Promise<string> {
    return this.resilient(async () => {
      const hash = createHash('sha256');
      for await (const chunk of await this.client.getObject(this.bucket, key)) hash.update(chunk as Buffer);
      return hash.digest('hex');
    });
  }

  // A server-side copy within the bucket.
  async copy(fromKey: string, toKey: string): Promise<void> {
    await this.resilient(() => this.client.copyObject(this.bucket, toKey, `/${this.bucket}/${fromKey}`));
  }

  async put(key: string, body: Buffer, contentType: string): Promise<void> {
    await this.resilient(() => this.client.putObject(this.bucket, key, body, body.length, { 'Content-Type': contentType }));
  }

  // Every object under a prefix (a job's abandoned upload attempts, say).
  async removePrefix(prefix: string): Promise<void> {
    await this.removeMany((await this.list(prefix)).map((o) => o.key));
  }

  /** Every object under a prefix with when it was last written. */
  async list(prefix: string): Promise<Array<{ key: string; lastModified: Date }>> {
    return this.resilient(async () => {
      const found: Array<{ key: string; lastModified: Date }> = [];
      for await (const item of this.client.listObjectsV2(this.bucket, prefix, true)) {
        const { name, lastModified } = item as { name?: string; lastModified?: Date };
        if (name) found.push({ key: name, lastModified: lastModified ?? new Date(0) });
      }
      return found;
    });
  }

  async removeMany(keys: readonly string[]): Promise<void> {
    if (keys.length) await this.resilient(() => this.client.removeObjects(this.bucket, [...keys]));
  }

  async remove(key: string): Promise<void> {
    await this.resilient(() => this.client.removeObject(this.bucket, key));
  }

  // One storage request, sent again once if it failed on the network; failing twice, storage is
  // unreachable (StorageUnavailableError: 503, worded as storage). Other errors pass through as they are.
  private async resilient<T>(request: () => Promise<T>): Promise<T> {
    try {
      return await request();
    } catch (first) {
      if (!isStorageNetworkError(first)) throw first;
      await new Promise((r) => setTimeout(r, NETWORK_RETRY_MS));
      try {
        return await request();
      } catch (second) {
        throw isStorageNetworkError(second) ? new StorageUnavailableError(second) : second;
      }
    }
  }
}
