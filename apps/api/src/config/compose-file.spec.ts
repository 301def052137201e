import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import { loadApiConfig } from './api-config.js';

// docker-compose.yml as an operator meets it: nothing published but the studio/API and storage, no
// secret with a default, and the API on its own storage key (not MinIO's root one). Docker cannot run
// here; `docker-compose config` (1.29) was used by hand to check the interpolation these tests model.

interface ComposeService {
  ports?: string[];
  command?: string | string[];
  entrypoint?: string;
  environment?: Record<string, string>;
  profiles?: string[];
}

const text = readFileSync(new URL('../../../../docker-compose.yml', import.meta.url), 'utf8');
const services = (parse(text) as { services: Record<string, ComposeService> }).services;

// ${NAME:?message} / ${NAME:-default} / ${NAME} -> value from `env`, as Compose interpolates.
function interpolate(value: string, env: Record<string, string>): string {
  return value.replace(/\$\{(\w+)(?::([?-])([^}]*))?\}/g, (_, name: string, kind: string | undefined, rest: string) => {
    const given = env[name];
    if (given) return given;
    if (kind === '?') throw new Error(`${name}: ${rest}`);
    return kind === '-' ? rest : '';
  });
}

describe('docker-compose.yml', () => {
  it('publishes only the studio/API (4000) and storage (9000): no storage console, database or Redis port', () => {
    const published = Object.entries(services).flatMap(([name, s]) => (s.ports ?? []).map((p) => `${name} ${p}`));
    expect(published.sort()).toEqual(['api 4000:4000', 'minio 9000:9000']);
  });

  it('gives no secret a default: every password and secret must be set by the operator', () => {
    // `$${NAME}` is the container shell's own variable, not Compose's.
    const secrets = [...text.matchAll(/(?<!\$)\$\{(\w*(?:PASSWORD|SECRET)\w*)([^}]*)\}/g)].map(([, name, rest]) => `${name}${rest!.slice(0, 2)}`);
    expect(secrets.length).toBeGreaterThanOrEqual(6);
    expect(secrets.filter((s) => !s.endsWith(':?'))).toEqual([]);
  });

  it('runs the API on its own storage key, limited to the bucket, never the root one', () => {
    const api = services['api']!.environment!;
    expect(Object.keys(api).filter((k) => k.startsWith('MINIO_'))).toEqual([]);
    expect(api['S3_ACCESS_KEY']).toBe('${S3_ACCESS_KEY:-atelier-api}');
    expect(api['S3_SECRET_KEY']).toMatch(/^\$\{S3_SECRET_KEY:\?/);
    const setup = services['minio-setup']!.entrypoint!;
    expect(setup).toContain('mc admin user add local $${S3_ACCESS_KEY} $${S3_SECRET_KEY}');
    expect(setup).toContain('arn:aws:s3:::atelier/*');
    expect(setup).toContain('mc admin policy attach local atelier-bucket --user $${S3_ACCESS_KEY}');
  });

  it("gives the API an environment its production configuration accepts once the operator's secrets are set", () => {
    const secrets = { POSTGRES_PASSWORD: 'pg-secret', S3_SECRET_KEY: 'storage-secret', JWT_SECRET: 'j'.repeat(40), ADMIN_PASSWORD: 'an admin password' };
    const env = Object.fromEntries(Object.entries(services['api']!.environment!).map(([k, v]) => [k, interpolate(String(v), secrets)]));
    const config = loadApiConfig(env);
    expect(config.env).toBe('production');
    expect(config.s3).toMatchObject({ accessKey: 'atelier-api', secretKey: 'storage-secret', endpoint: 'http://minio:9000' });
    // Without one of them the file itself refuses, naming it.
    expect(() => interpolate(services['api']!.environment!['JWT_SECRET']!, {})).toThrow(/JWT_SECRET/);
  });

  it('queues previews for the backend of the worker it ships, so that worker renders them (GPU boxes: PREVIEW_BACKEND=comfyui)', () => {
    const secrets = { POSTGRES_PASSWORD: 'pg-secret', S3_SECRET_KEY: 'storage-secret', JWT_SECRET: 'j'.repeat(40), ADMIN_PASSWORD: 'an admin password' };
    const apiEnv = (operator: Record<string, string>) => Object.fromEntries(Object.entries(services['api']!.environment!).map(([k, v]) => [k, interpolate(String(v), { ...secrets, ...operator })]));
    const workerBackend = services['worker']!.environment!['WORKER_BACKEND'];
    expect(workerBackend).toBe('draft');
    expect(loadApiConfig(apiEnv({})).previews.backend).toBe(workerBackend);
    expect(loadApiConfig(apiEnv({ PREVIEW_BACKEND: 'comfyui' })).previews.backend).toBe('comfyui');
  });

  it('starts without a worker token when the worker profile is off', () => {
    expect(services['worker']!.profiles).toEqual(['worker']);
    const required = Object.entries(services).flatMap(([name, s]) => (s.profiles ? [] : [JSON.stringify(s.environment ?? {})].flatMap((e) => [...e.matchAll(/\$\{(\w+):\?/g)].map((m) => `${name} ${m[1]}`))));
    expect(required.filter((r) => r.includes('WORKER_TOKEN'))).toEqual([]);
    expect(services['worker']!.environment!['WORKER_TOKEN']).toBe('${WORKER_TOKEN:-}');
  });
});
