import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { nxEnv, START_PROJECTS, startBuildArgs } from './start-build.mjs';

// `npm start` builds through Nx (start-build.mjs). These tests ask Nx itself what it would build and
// what it would hash, for the very command `npm start` runs, so they hold whatever nx.json and the
// package manifests say. They guard the old stale-bundle bug: a change in libs/editor-core or
// libs/scene-maps must rebuild the studio bundle.

const root = fileURLToPath(new URL('..', import.meta.url));
const NX_TIMEOUT_MS = 120_000;

function npx(args: readonly string[]): string {
  return execFileSync('npx', args, { cwd: root, env: nxEnv(), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] });
}

interface GraphFile {
  graph: { nodes: Record<string, { data: { root: string } }>; dependencies: Record<string, Array<{ target: string; type: string }>> };
  tasks: { tasks: Record<string, { outputs: string[]; cache: boolean }>; dependencies: Record<string, string[]> };
}

// Everything a task waits for, directly or not.
function taskClosure(dependencies: Record<string, string[]>, task: string): Set<string> {
  const seen = new Set<string>();
  const visit = (id: string) => {
    for (const dep of dependencies[id] ?? []) {
      if (!seen.has(dep)) {
        seen.add(dep);
        visit(dep);
      }
    }
  };
  visit(task);
  return seen;
}

// The workspace packages a project's shipped sources import (spec files and test helpers aside).
function importedWorkspacePackages(projectRoot: string): string[] {
  const found = new Set<string>();
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.tsx?$/.test(name) && !/\.spec\.tsx?$/.test(name)) {
        for (const m of readFileSync(path, 'utf8').matchAll(/(?:from|import\()\s*'(@atelier\/[a-z-]+)/g)) found.add(m[1]!);
      }
    }
  };
  walk(join(root, projectRoot, 'src'));
  return [...found].sort();
}

describe('npm start builds through Nx', () => {
  let dir: string;
  let graph: GraphFile;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'atelier-nx-'));
    // --graph=<file> writes the task graph of the exact command npm start runs, without running it.
    npx(startBuildArgs([`--graph=${join(dir, 'graph.json')}`]));
    graph = JSON.parse(readFileSync(join(dir, 'graph.json'), 'utf8')) as GraphFile;
  }, NX_TIMEOUT_MS);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('builds the API, the worker and the studio that the start runs, each after every lib it imports, with cached dist outputs', () => {
    expect([...START_PROJECTS].sort()).toEqual(['@atelier/api', '@atelier/studio', '@atelier/worker']);
    const studio = taskClosure(graph.tasks.dependencies, '@atelier/studio:build');
    expect([...studio].sort()).toEqual(['@atelier/editor-core:build', '@atelier/messages:build', '@atelier/revenue-share:build', '@atelier/scene-maps:build', '@atelier/template-spec:build']);
    expect(taskClosure(graph.tasks.dependencies, '@atelier/worker:build')).toContain('@atelier/scene-maps:build');
    expect(taskClosure(graph.tasks.dependencies, '@atelier/api:build')).toContain('@atelier/migrations:build');
    for (const [id, task] of Object.entries(graph.tasks.tasks)) {
      expect({ id, cache: task.cache, outputs: task.outputs }).toEqual({ id, cache: true, outputs: [`${graph.graph.nodes[id.split(':')[0]!]!.data.root}/dist`] });
    }
  });

  it("has a project graph whose workspace dependencies are exactly each project's imports", () => {
    const packages = Object.entries(graph.graph.nodes).filter(([project]) => project.startsWith('@atelier/'));
    expect(packages.length).toBeGreaterThanOrEqual(13);
    for (const [project, node] of packages) {
      const dependsOn = graph.graph.dependencies[project]!.filter((d) => d.type === 'static' && d.target.startsWith('@atelier/')).map((d) => d.target);
      expect({ project, dependsOn: [...new Set(dependsOn)].sort() }).toEqual({ project, dependsOn: importedWorkspacePackages(node.data.root) });
    }
  });

  it("hashes the sources of editor-core, scene-maps and the studio's other libs into the studio build, spec files aside", () => {
    const inputs = JSON.parse(npx(['nx', 'show', 'target', 'inputs', '@atelier/studio:build', '--json'])) as { files: string[] };
    for (const lib of ['editor-core', 'scene-maps', 'template-spec']) {
      const sources = readdirSync(join(root, 'libs', lib, 'src')).filter((f) => f.endsWith('.ts') && !f.endsWith('.spec.ts'));
      expect(sources.length).toBeGreaterThan(0);
      expect(inputs.files).toEqual(expect.arrayContaining(sources.map((f) => `libs/${lib}/src/${f}`)));
    }
    expect(inputs.files.filter((f) => /\.spec\.tsx?$/.test(f))).toEqual([]);
  }, NX_TIMEOUT_MS);

  it('counts the studio (and the browser tests) as affected by a change in editor-core, not the API; a change in scene-maps also reaches the worker and the API (and the bench and the consumer-app example, which run the API), which draw the maps as PNGs', () => {
    const affected = (file: string) => (JSON.parse(npx(['nx', 'show', 'projects', '--affected', `--files=${file}`, '--json'])) as string[]).sort();
    expect(affected('libs/editor-core/src/editor-state.ts')).toEqual(['@atelier/editor-core', '@atelier/studio', 'e2e']);
    expect(affected('libs/scene-maps/src/index.ts')).toEqual(['@atelier/api', '@atelier/scene-map-png', '@atelier/scene-maps', '@atelier/studio', '@atelier/worker', 'bench', 'e2e', 'example-consumer']);
  }, NX_TIMEOUT_MS);
});
