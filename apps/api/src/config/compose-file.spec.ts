import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import { loadApiConfig } from './api-config.js';

// docker-compose.yml as an operator meets it: nothing published but the proxy (studio/API) and
// storage, no secret with a default, the API on its own storage key limited to its bucket, two API
// replicas behind a health-checking proxy, and every long-running service restarted and given an init.
// Docker cannot run here: `docker-compose config` (1.29) was used by hand to check the file and the
// interpolation these tests model, and the storage start script is run here with a stand-in server.

interface ComposeService {
  image?: string;
  build?: { context: string; target?: string };
  ports?: string[];
  command?: string | string[];
  entrypoint?: string | string[];
  environment?: Record<string, string>;
  profiles?: string[];
  restart?: string;
  init?: boolean;
  stop_grace_period?: string;
  depends_on?: Record<string, { condition: string }>;
  network_mode?: string;
  volumes?: string[];
  secrets?: string[];
  healthcheck?: { test: string[] };
}

const repoFile = (path: string) => new URL(`../../../../${path}`, import.meta.url);
const text = readFileSync(repoFile('docker-compose.yml'), 'utf8');
const compose = parse(text) as {
  services: Record<string, ComposeService>;
  secrets: Record<string, { file: string }>;
  networks: { default: { ipam: { config: Array<{ subnet: string }> } } };
};
const services = compose.services;
const caddyfile = readFileSync(repoFile('deploy/Caddyfile'), 'utf8');
const setupScript = readFileSync(repoFile('deploy/storage/setup.sh'), 'utf8');

// ${NAME:?message} / ${NAME:-default} / ${NAME} -> value from `env`, as Compose interpolates.
function interpolate(value: string, env: Record<string, string>): string {
  return value.replace(/\$\{(\w+)(?::([?-])([^}]*))?\}/g, (_, name: string, kind: string | undefined, rest: string) => {
    const given = env[name];
    if (given) return given;
    if (kind === '?') throw new Error(`${name}: ${rest}`);
    return kind === '-' ? rest : '';
  });
}

const SECRETS = { POSTGRES_PASSWORD: 'pg-secret', S3_SECRET_KEY: 'storage-secret', JWT_SECRET: 'j'.repeat(40), ADMIN_PASSWORD: 'an admin password' };
const envOf = (service: string, operator: Record<string, string> = {}) =>
  Object.fromEntries(Object.entries(services[service]!.environment ?? {}).map(([k, v]) => [k, interpolate(String(v), { ...SECRETS, ...operator })]));
const apiServices = Object.keys(services).filter((name) => services[name]!.build?.target === 'api');
const seconds = (duration: string) => {
  const m = /^(\d+)(ms|s|m)$/.exec(duration);
  if (!m) throw new Error(`not a duration: ${duration}`);
  return Number(m[1]) * { ms: 0.001, s: 1, m: 60 }[m[2] as 'ms' | 's' | 'm'];
};

describe('docker-compose.yml', () => {
  it('publishes only the proxy (studio/API, 4000) and storage (9000): no API replica, database, Redis or storage admin port', () => {
    const published = Object.entries(services).flatMap(([name, s]) => (s.ports ?? []).map((p) => `${name} ${p}`));
    expect(published.sort()).toEqual(['proxy 4000:4000', 'storage 9000:9000']);
  });

  it('gives no secret a default: every password and secret must be set by the operator', () => {
    // `$${NAME}` is the container shell's own variable, not Compose's.
    const secrets = [...text.matchAll(/(?<!\$)\$\{(\w*(?:PASSWORD|SECRET)\w*)([^}]*)\}/g)].map(([, name, rest]) => `${name}${rest!.slice(0, 2)}`);
    expect(secrets.length).toBeGreaterThanOrEqual(6);
    expect(secrets.filter((s) => !s.endsWith(':?'))).toEqual([]);
  });

  it('runs two identical API replicas, built from the Dockerfile\'s api target, behind a proxy that balances and health-checks exactly them on /readyz', () => {
    expect(apiServices).toEqual(['api-1', 'api-2']);
    expect(services['api-2']).toEqual(services['api-1']);
    const proxy = services['proxy']!;
    expect(proxy.image).toMatch(/^caddy:\d+\.\d+\.\d+-alpine$/);
    expect(proxy.volumes).toContain('./deploy/Caddyfile:/etc/caddy/Caddyfile:ro');
    const upstreams = /reverse_proxy ([^{]+)\{/.exec(caddyfile)![1]!.trim().split(/\s+/);
    expect(upstreams).toEqual(apiServices.map((name) => `${name}:${envOf(name)['PORT']}`));
    expect(caddyfile).toMatch(/^\s*:4000 \{/m);
    expect(caddyfile).toMatch(/^\s*health_uri \/readyz$/m);
    expect(caddyfile).toMatch(/^\s*health_status 200$/m);
    // Proxies the replicas' clients would otherwise claim to be: the proxy trusts none in front of it.
    expect(caddyfile).not.toMatch(/trusted_proxies/);
  });

  it('notices a replica draining on shutdown before it stops taking connections, and lets it finish before Docker kills it', () => {
    const interval = seconds(/^\s*health_interval (\S+)$/m.exec(caddyfile)![1]!);
    for (const name of apiServices) {
      const { shutdown } = loadApiConfig(envOf(name));
      expect(interval * 1000).toBeLessThan(shutdown.drainMs);
      expect(seconds(services[name]!.stop_grace_period!) * 1000).toBeGreaterThan(shutdown.drainMs + shutdown.timeoutMs);
    }
  });

  it('restarts every long-running service, runs ours under an init, and lets the one-shot setup run once', () => {
    const oneShot = ['storage-setup'];
    for (const [name, service] of Object.entries(services)) {
      expect({ name, restart: service.restart }).toEqual({ name, restart: oneShot.includes(name) ? 'no' : 'unless-stopped' });
    }
    for (const name of [...apiServices, 'worker', 'proxy', 'storage']) expect({ name, init: services[name]!.init }).toEqual({ name, init: true });
  });

  it("trusts X-Forwarded-For from this compose network only, whose subnet it names", () => {
    const subnet = interpolate(compose.networks.default.ipam.config[0]!.subnet, {});
    for (const name of apiServices) expect(loadApiConfig(envOf(name)).trustedProxies).toEqual([subnet]);
    // An operator moving the network moves the trust with it.
    expect(loadApiConfig(envOf('api-1', { ATELIER_SUBNET: '10.91.0.0/24' })).trustedProxies).toEqual(['10.91.0.0/24']);
    expect(interpolate(compose.networks.default.ipam.config[0]!.subnet, { ATELIER_SUBNET: '10.91.0.0/24' })).toBe('10.91.0.0/24');
  });

  it("gives the API an environment its production configuration accepts once the operator's secrets are set", () => {
    const config = loadApiConfig(envOf('api-1'));
    expect(config.env).toBe('production');
    expect(config.s3).toMatchObject({ accessKey: 'atelier-api', secretKey: 'storage-secret', endpoint: 'http://storage:9000', bucket: 'atelier' });
    // Without one of them the file itself refuses, naming it.
    expect(() => interpolate(services['api-1']!.environment!['JWT_SECRET']!, {})).toThrow(/JWT_SECRET/);
  });

  it('queues previews for the backend of the worker it ships, so that worker renders them (GPU boxes: PREVIEW_BACKEND=comfyui)', () => {
    const workerBackend = services['worker']!.environment!['WORKER_BACKEND'];
    expect(workerBackend).toBe('draft');
    expect(loadApiConfig(envOf('api-1')).previews.backend).toBe(workerBackend);
    expect(loadApiConfig(envOf('api-1', { PREVIEW_BACKEND: 'comfyui' })).previews.backend).toBe('comfyui');
  });

  it('gives the worker its token from a Compose secret file, never the environment, and starts without one when the worker profile is off', () => {
    const worker = services['worker']!;
    expect(worker.profiles).toEqual(['worker']);
    expect(worker.build).toEqual({ context: '.', target: 'worker' });
    expect(Object.keys(worker.environment!).filter((k) => k === 'WORKER_TOKEN')).toEqual([]);
    expect(text).not.toMatch(/WORKER_TOKEN[^_]/);
    expect(worker.secrets).toEqual(['worker_token']);
    expect(worker.environment!['WORKER_TOKEN_FILE']).toBe('/run/secrets/worker_token');
    expect(compose.secrets).toEqual({ worker_token: { file: './secrets/worker_token' } });
    // It reaches the API through the proxy, like everyone else.
    expect(worker.environment!['ATELIER_API_URL']).toBe(`http://proxy:${/^\s*:(\d+) \{/m.exec(caddyfile)![1]}`);
    const required = Object.entries(services).flatMap(([name, s]) => (s.profiles ? [] : [JSON.stringify(s.environment ?? {})].flatMap((e) => [...e.matchAll(/\$\{(\w+):\?/g)].map((m) => `${name} ${m[1]}`))));
    expect(required.filter((r) => r.includes('WORKER_TOKEN'))).toEqual([]);
  });

  describe('storage (SeaweedFS)', () => {
    const storage = services['storage']!;
    const setup = services['storage-setup']!;

    it('pins its image by version and digest, and checks its health on the S3 port', () => {
      expect(storage.image).toMatch(/^chrislusf\/seaweedfs:\d+\.\d+@sha256:[0-9a-f]{64}$/);
      expect(setup.image).toBe(storage.image);
      expect(storage.healthcheck!.test).toEqual(['CMD', 'curl', '-fsS', '-o', '/dev/null', 'http://127.0.0.1:9000/healthz']);
      expect(storage.volumes).toContain('./deploy/storage/start.sh:/etc/atelier/storage-start.sh:ro');
      expect(storage.entrypoint).toEqual(['/bin/sh', '/etc/atelier/storage-start.sh']);
    });

    it('makes the bucket and checks the CORS rule before any API replica starts', () => {
      expect(setup.network_mode).toBe('service:storage');
      expect(setup.depends_on).toEqual({ storage: { condition: 'service_healthy' } });
      for (const name of apiServices) expect(services[name]!.depends_on!['storage-setup']).toEqual({ condition: 'service_completed_successfully' });
      expect(setup.environment!['S3_BUCKET']).toBe(envOf('api-1')['S3_BUCKET']);
      expect(setup.environment!['STUDIO_ORIGIN']).toBe(storage.environment!['STUDIO_ORIGIN']);
      // No key at all: the bucket is made through weed shell, on the storage container's loopback.
      expect(Object.keys(setup.environment!).filter((k) => /KEY|SECRET|PASSWORD/.test(k))).toEqual([]);
      expect(setupScript).toContain('s3.bucket.create -name $S3_BUCKET');
      expect(setupScript).toContain("-H 'Access-Control-Request-Method: POST'");
    });

    describe('its start script, run with a stand-in for the server', () => {
      const dir = mkdtempSync(join(tmpdir(), 'atelier-storage-'));
      afterAll(() => rmSync(dir, { recursive: true, force: true }));
      const fakeServer = join(dir, 'entrypoint.sh');
      writeFileSync(fakeServer, `#!/bin/sh\nprintf '%s\\n' "$@" > "${join(dir, 'args')}"\n`);
      chmodSync(fakeServer, 0o755);
      const start = (operator: Record<string, string> = {}) =>
        execFileSync('sh', [new URL('../../../../deploy/storage/start.sh', import.meta.url).pathname], {
          env: { PATH: process.env['PATH'], ...envOf('storage', operator), SEAWEEDFS_S3_CONFIG: join(dir, 's3.json'), SEAWEEDFS_ENTRYPOINT: fakeServer },
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'pipe'],
        });

      it("gives the API's key (the same key the API is given) the bucket and nothing else: no admin, no other bucket", () => {
        start();
        const api = loadApiConfig(envOf('api-1'));
        expect(JSON.parse(readFileSync(join(dir, 's3.json'), 'utf8'))).toEqual({
          identities: [
            {
              name: 'atelier-api',
              credentials: [{ accessKey: api.s3.accessKey, secretKey: api.s3.secretKey }],
              actions: [`Read:${api.s3.bucket}`, `Write:${api.s3.bucket}`, `List:${api.s3.bucket}`, `Tagging:${api.s3.bucket}`],
            },
          ],
        });
      });

      it('serves S3 on the published port to everyone, keeps the rest on loopback, and allows the studio origin cross-origin', () => {
        start({ STUDIO_ORIGIN: 'https://studio.example.com' });
        const args = readFileSync(join(dir, 'args'), 'utf8').trim().split('\n');
        expect(args).toEqual(['server', '-ip=127.0.0.1', '-ip.bind=127.0.0.1', '-s3', '-s3.ip.bind=0.0.0.0', '-s3.port=9000', '-s3.port.iceberg=0', '-s3.port.lance=0', `-s3.config=${join(dir, 's3.json')}`, '-s3.allowedOrigins=https://studio.example.com', '-master.telemetry=false']);
        expect(storage.ports).toEqual(['9000:9000']);
        expect(new URL(envOf('api-1')['S3_ENDPOINT']!).port).toBe('9000');
      });

      it('refuses a key that would break its JSON, or a short secret', () => {
        expect(() => start({ S3_SECRET_KEY: 'has"quote' })).toThrow(/may only contain letters, digits/);
        expect(() => start({ S3_SECRET_KEY: 'short' })).toThrow(/at least 8 characters/);
      });
    });
  });
});
