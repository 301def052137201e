import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import S3rver from 's3rver';

export interface EmbeddedS3Handle {
  endpoint: string;
  accessKey: string;
  secretKey: string;
  stop(): Promise<void>;
}

// An S3-protocol server in-process (s3rver), for `npm start` and the test suite. It speaks the same
// wire protocol as MinIO/AWS, so the API's storage code is the production code.
// The studio uploads straight to storage with a presigned POST form (S3 POST policy), so the bucket
// must allow POST from the studio's origin (CORS; with a progress listener the browser asks first).
// Browsers only POST here; the GPU workers' output PUTs come from servers, which CORS does not concern.
// The rule is rewritten on every start. MinIO allows any origin by default; an AWS bucket needs this rule.
function corsRule(origins: readonly string[]): Buffer {
  const allowed = origins.map((o) => `<AllowedOrigin>${o}</AllowedOrigin>`).join('');
  return Buffer.from(
    `<CORSConfiguration><CORSRule>${allowed}<AllowedMethod>GET</AllowedMethod><AllowedMethod>POST</AllowedMethod><AllowedMethod>HEAD</AllowedMethod><AllowedHeader>*</AllowedHeader><ExposeHeader>ETag</ExposeHeader></CORSRule></CORSConfiguration>`,
  );
}

export async function startEmbeddedS3(opts: { directory: string; port: number; buckets?: string[]; studioOrigins?: string[] }): Promise<EmbeddedS3Handle> {
  const directory = resolve(opts.directory);
  mkdirSync(directory, { recursive: true });
  const server = new S3rver({
    address: '127.0.0.1',
    port: opts.port,
    silent: true,
    directory,
    resetOnClose: false,
    configureBuckets: (opts.buckets ?? []).map((name) => ({ name, configs: opts.studioOrigins?.length ? [corsRule(opts.studioOrigins)] : [] })),
  });
  const address = (await server.run()) as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    accessKey: 'S3RVER',
    secretKey: 'S3RVER',
    stop: () => server.close() as Promise<void>,
  };
}
