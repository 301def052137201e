import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';

// The Dockerfile docker-compose.yml builds (the API and the worker), read as an image builder would:
// stages, their instructions in order. Docker cannot run here, so these are the properties a build
// would otherwise show: dependencies installed before the sources (so source edits reuse the npm
// layer), production dependencies only in what ships, a non-root user, a Node LTS pinned by digest, and
// a health check on the API's liveness.

const repoFile = (path: string) => new URL(`../../../../${path}`, import.meta.url);

interface Instruction {
  op: string;
  args: string;
}
interface Stage {
  from: string;
  name: string;
  instructions: Instruction[];
}

// Dockerfile -> stages; comments dropped, `\` continuations joined.
function parseDockerfile(text: string): Stage[] {
  const stages: Stage[] = [];
  const logical = text
    .split('\n')
    .filter((line) => !/^\s*#/.test(line))
    .join('\n')
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  for (const line of logical) {
    const [, op, args] = /^(\S+)\s*(.*)$/.exec(line)!;
    if (op!.toUpperCase() === 'FROM') {
      const [, from, name] = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(args!)!;
      stages.push({ from: from!, name: name ?? String(stages.length), instructions: [] });
    } else {
      stages.at(-1)!.instructions.push({ op: op!.toUpperCase(), args: args!.replace(/\s+/g, ' ') });
    }
  }
  return stages;
}

const stages = parseDockerfile(readFileSync(repoFile('Dockerfile'), 'utf8'));
const stage = (name: string) => stages.find((s) => s.name === name)!;
// A stage's instructions including those of the stages it is built FROM, in build order.
function lineage(name: string): Instruction[] {
  const s = stage(name);
  return [...(stages.some((other) => other.name === s.from) ? lineage(s.from) : []), ...s.instructions];
}
const runs = (instructions: Instruction[]) => instructions.filter((i) => i.op === 'RUN').map((i) => i.args);

// Every workspace package (package.json "workspaces" globs), e.g. libs/editor-core.
function workspaceDirs(): string[] {
  const globs = (JSON.parse(readFileSync(repoFile('package.json'), 'utf8')) as { workspaces: string[] }).workspaces;
  return globs.flatMap((glob) => (glob.endsWith('/*') ? readdirSync(repoFile(glob.slice(0, -1))).map((d) => `${glob.slice(0, -1)}${d}`) : [glob])).filter((dir) => existsSync(repoFile(`${dir}/package.json`)));
}

const manifestOf = (dir: string) => JSON.parse(readFileSync(repoFile(`${dir}/package.json`), 'utf8')) as { name: string; dependencies?: Record<string, string> };
const dirOf = (name: string) => workspaceDirs().find((dir) => manifestOf(dir).name === name)!;
// The named workspace packages and every workspace package they depend on, directly or not.
function workspacePackagesOf(names: string[]): string[] {
  const found = new Set<string>();
  const visit = (name: string) => {
    if (found.has(name)) return;
    found.add(name);
    for (const dep of Object.keys(manifestOf(dirOf(name)).dependencies ?? {})) if (dep.startsWith('@atelier/')) visit(dep);
  };
  names.forEach(visit);
  return [...found];
}

describe('Dockerfile', () => {
  it('starts every image from one Node LTS image pinned by digest (24 or later, even majors only)', () => {
    const external = stages.filter((s) => !stages.some((other) => other.name === s.from)).map((s) => s.from);
    expect(external).toHaveLength(1);
    const [, major] = /^node:(\d+)-bookworm-slim@sha256:[0-9a-f]{64}$/.exec(external[0]!) ?? [];
    expect(Number(major)).toBeGreaterThanOrEqual(24);
    expect(Number(major) % 2).toBe(0);
  });

  it('installs the dependencies from the manifests of every workspace package before it copies the sources', () => {
    const build = lineage('build');
    const copiedManifests = build.filter((i) => i.op === 'COPY').flatMap((i) => i.args.split(' ').slice(0, -1));
    expect(copiedManifests).toEqual(expect.arrayContaining(['package.json', 'package-lock.json', ...workspaceDirs().map((dir) => `${dir}/package.json`)]));
    const install = build.findIndex((i) => i.op === 'RUN' && i.args.startsWith('npm ci'));
    const sources = build.findIndex((i) => i.op === 'COPY' && i.args === '. .');
    expect(install).toBeGreaterThan(-1);
    expect(sources).toBeGreaterThan(install);
    expect(build.slice(0, install).filter((i) => i.op === 'COPY' && i.args === '. .')).toEqual([]);
    expect(runs(build.slice(sources))).toEqual(['npm run build']);
  });

  it('ships production dependencies of the API and the worker only, their built files, and no sources', () => {
    const runtime = lineage('runtime');
    expect(runtime.filter((i) => i.op === 'COPY' && i.args === '. .')).toEqual([]);
    const copies = runtime.filter((i) => i.op === 'COPY' && i.args.startsWith('--from=')).map((i) => i.args);
    const fromBuild = copies.filter((c) => c.startsWith('--from=build ')).map((c) => c.split(' ')[1]!);
    expect(fromBuild.every((path) => /^\/app\/(apps|libs)\/[a-z-]+\/dist$|^\/app\/migrations\/dist$/.test(path))).toBe(true);
    // The API, the worker, the studio bundle the API serves, and every workspace package the API and
    // the worker import (directly or not), no more.
    const shipped = workspacePackagesOf(['@atelier/api', '@atelier/worker']).map((name) => `/app/${dirOf(name)}/dist`);
    expect(fromBuild.sort()).toEqual([...shipped, '/app/apps/studio/dist'].sort());
    const install = runs(lineage('prod-deps')).filter((r) => r.startsWith('npm ci'));
    expect(install).toEqual([expect.stringContaining('--omit=dev')]);
    expect(install[0]).toContain('--workspace=@atelier/api --workspace=@atelier/worker');
    expect(copies).toContain('--from=prod-deps /app /app');
  });

  it('runs as the unprivileged node user in both shipped images', () => {
    for (const target of ['api', 'worker']) {
      const users = lineage(target).filter((i) => i.op === 'USER').map((i) => i.args);
      expect({ target, user: users.at(-1) }).toEqual({ target, user: 'node' });
    }
  });

  it("checks the API container's liveness on /healthz (readiness is the proxy's business), and the worker image has no port to check", () => {
    const api = stage('api');
    expect(stages.at(-1)!.name).toBe('api');
    const health = api.instructions.filter((i) => i.op === 'HEALTHCHECK').map((i) => i.args);
    expect(health).toHaveLength(1);
    expect(health[0]).toContain("fetch('http://127.0.0.1:4000/healthz')");
    expect(health[0]).toMatch(/--interval=\d+s --timeout=\d+s --start-period=\d+s --retries=\d+/);
    expect(api.instructions.filter((i) => i.op === 'CMD').map((i) => i.args)).toEqual(['["node", "--enable-source-maps", "apps/api/dist/main.js"]']);
    expect(stage('worker').instructions.map((i) => `${i.op} ${i.args}`)).toEqual(['HEALTHCHECK NONE', 'CMD ["node", "--enable-source-maps", "apps/worker/dist/main.js"]']);
  });

  it('is built by docker-compose.yml for each of its targets', () => {
    const services = (parse(readFileSync(repoFile('docker-compose.yml'), 'utf8')) as { services: Record<string, { build?: { target?: string } }> }).services;
    const targets = new Set(Object.values(services).flatMap((s) => (s.build?.target ? [s.build.target] : [])));
    expect([...targets].sort()).toEqual(['api', 'worker']);
  });

  it('keeps secrets, local data and installed or built files out of the build context', () => {
    const ignored = readFileSync(repoFile('.dockerignore'), 'utf8').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
    expect(ignored).toEqual(expect.arrayContaining(['.env', 'secrets', '.git', '.atelier', '.nx', 'node_modules', '**/node_modules', '**/dist']));
  });
});
