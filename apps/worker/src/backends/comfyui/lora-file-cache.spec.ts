import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { loraFileName } from '@atelier/comfy-compile';
import { LoraFileCache, type FetchToFile } from './lora-file-cache.js';

// The cache on a real folder; "downloads" write known bytes so sizes and hashes are exact.

const KB = 1024;

function fileOf(label: string, size: number): { sha256: string; url: string; bytes: Buffer } {
  const bytes = Buffer.alloc(size, label);
  return { sha256: createHash('sha256').update(bytes).digest('hex'), url: `mem://${label}`, bytes };
}

let dir: string;
let fetched: string[];
const files = new Map<string, Buffer>();
const fetchToFile: FetchToFile = async (url, filePath) => {
  fetched.push(url);
  const bytes = files.get(url)!;
  await writeFile(filePath, bytes);
  return { sha256: createHash('sha256').update(bytes).digest('hex'), bytes: bytes.length };
};

function register(label: string, size: number) {
  const f = fileOf(label, size);
  files.set(f.url, f.bytes);
  return f;
}

const names = async () => (await readdir(dir)).filter((n) => !n.startsWith('.')).sort();

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'atelier-lora-cache-'));
  fetched = [];
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('LoraFileCache', () => {
  it('evicts the least recently used files once over budget, never a pinned one', async () => {
    const cache = new LoraFileCache(dir, 25 * KB, fetchToFile);
    await cache.open();
    const [a, b, c, d] = [register('a', 10 * KB), register('b', 10 * KB), register('c', 10 * KB), register('d', 10 * KB)];
    const signal = new AbortController().signal;

    (await cache.acquire([a], signal)).release();
    (await cache.acquire([b], signal)).release();
    (await cache.acquire([a], signal)).release(); // a is now more recent than b
    (await cache.acquire([c], signal)).release(); // 30 KB > 25 KB: b goes
    expect(await names()).toEqual([loraFileName(a.sha256), loraFileName(c.sha256)].sort());

    // While c and d are pinned by a running job, only a may go, even though that leaves 20 KB.
    const held = await cache.acquire([c, d], signal);
    expect(await names()).toEqual([loraFileName(c.sha256), loraFileName(d.sha256)].sort());
    // Over budget with everything pinned: the files stay (the job needs them) ...
    const e = register('e', 10 * KB);
    const more = await cache.acquire([e], signal);
    expect(await names()).toHaveLength(3);
    more.release();
    held.release();
    // ... and the next acquire trims back under budget, oldest first.
    (await cache.acquire([e], signal)).release();
    expect(await names()).toEqual([loraFileName(d.sha256), loraFileName(e.sha256)].sort());
    expect(fetched).toEqual(['mem://a', 'mem://b', 'mem://c', 'mem://d', 'mem://e']);
    expect(cache.totalBytes()).toBe(20 * KB);
  });

  it('finds the files an earlier run left and does not fetch them again', async () => {
    const a = register('a', 4 * KB);
    const first = new LoraFileCache(dir, 1024 * KB, fetchToFile);
    await first.open();
    (await first.acquire([a], new AbortController().signal)).release();
    // A half-written download from a killed run, and a file that is not the cache's.
    await writeFile(path.join(dir, '.atelier-partial-deadbeef-0001'), 'half');
    await writeFile(path.join(dir, 'someone-elses.safetensors'), 'keep me');

    const second = new LoraFileCache(dir, 1024 * KB, fetchToFile);
    await second.open();
    expect(second.hashes()).toEqual([a.sha256]);
    const { fileNames, release } = await second.acquire([a], new AbortController().signal);
    release();
    expect(fileNames).toEqual([loraFileName(a.sha256)]);
    expect(fetched).toEqual(['mem://a']);
    expect((await readdir(dir)).sort()).toEqual([loraFileName(a.sha256), 'someone-elses.safetensors'].sort());
  });

  it('downloads a file once when two acquires ask for it at the same time', async () => {
    const cache = new LoraFileCache(dir, 1024 * KB, fetchToFile);
    await cache.open();
    const a = register('a', 4 * KB);
    const signal = new AbortController().signal;
    const [one, two] = await Promise.all([cache.acquire([a], signal), cache.acquire([a], signal)]);
    one.release();
    two.release();
    expect(fetched).toEqual(['mem://a']);
  });
});
