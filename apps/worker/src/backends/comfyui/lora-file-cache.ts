import { randomBytes } from 'node:crypto';
import { mkdir, readdir, rename, rm, stat, utimes } from 'node:fs/promises';
import path from 'node:path';
import { loraFileName } from '@atelier/comfy-compile';

// LoRA files on the GPU box, in ComfyUI's models/loras folder, named `<sha256>.safetensors` (the
// names the API's graphs use). A file is downloaded once, checked against its SHA-256 before ComfyUI
// can see it, and kept until the folder outgrows its budget; then the least recently used go first,
// never one the running job needs. Other files in the folder are not the cache's and are left alone.
// A file can also be purged (an identity LoRA whose subject was withdrawn): it goes at once, or the
// moment the last job using it releases it.

export type FetchToFile = (url: string, filePath: string, signal: AbortSignal) => Promise<{ sha256: string; bytes: number }>;

export interface LoraFileRequest {
  sha256: string;
  url: string;
}

/** A downloaded file's content did not match its SHA-256: storage served something else. */
export class LoraChecksumError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LoraChecksumError';
  }
}

const CACHED_FILE = /^([0-9a-f]{64})\.safetensors$/;

interface Entry {
  bytes: number;
  lastUsed: number;
}

export class LoraFileCache {
  private readonly entries = new Map<string, Entry>();
  private readonly pinned = new Map<string, number>();
  private readonly downloads = new Map<string, Promise<void>>();
  // Purged while pinned: removed on the last release.
  private readonly doomed = new Set<string>();
  private clock = 0;

  constructor(
    readonly dir: string,
    readonly maxBytes: number,
    private readonly fetchToFile: FetchToFile,
  ) {}

  /** Reads what an earlier run left in the folder (oldest modification first) and drops stray partial downloads. */
  async open(): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const found: Array<{ sha256: string; bytes: number; mtimeMs: number }> = [];
    for (const name of await readdir(this.dir)) {
      if (name.startsWith('.atelier-partial-')) {
        await rm(path.join(this.dir, name), { force: true });
        continue;
      }
      const match = CACHED_FILE.exec(name);
      if (!match) continue;
      const info = await stat(path.join(this.dir, name));
      if (info.isFile()) found.push({ sha256: match[1]!, bytes: info.size, mtimeMs: info.mtimeMs });
    }
    found.sort((a, b) => a.mtimeMs - b.mtimeMs);
    for (const f of found) this.entries.set(f.sha256, { bytes: f.bytes, lastUsed: ++this.clock });
  }

  /** SHA-256 of every file on disk, for the heartbeat (the scheduler prefers boxes that have a job's LoRAs). */
  hashes(): string[] {
    return [...this.entries.keys()];
  }

  totalBytes(): number {
    let total = 0;
    for (const e of this.entries.values()) total += e.bytes;
    return total;
  }

  /**
   * Makes every file present and pins it until `release()` is called (so eviction cannot remove a
   * file a running prompt reads). Returns the file names to put in the graph. `release()` resolves
   * once the files purged meanwhile are deleted.
   */
  async acquire(files: readonly LoraFileRequest[], signal: AbortSignal): Promise<{ fileNames: string[]; release: () => Promise<void> }> {
    const unique = [...new Map(files.map((f) => [f.sha256, f])).values()];
    for (const f of unique) this.pin(f.sha256);
    let released = false;
    const release = async () => {
      if (released) return;
      released = true;
      const purged = unique.filter((f) => this.unpin(f.sha256));
      for (const f of purged) await this.remove(f.sha256).catch(() => undefined);
    };
    try {
      for (const f of unique) await this.ensure(f, signal);
      await this.evict();
    } catch (error) {
      await release();
      throw error;
    }
    return { fileNames: files.map((f) => loraFileName(f.sha256)), release };
  }

  /**
   * Deletes these files from the folder now; one a running job holds is deleted as soon as that job
   * releases it. Hashes the cache does not hold are ignored. Returns how many were deleted now.
   */
  async purge(sha256s: readonly string[]): Promise<number> {
    let removed = 0;
    for (const sha256 of new Set(sha256s)) {
      if (!CACHED_FILE.test(loraFileName(sha256))) continue;
      if (this.pinned.has(sha256)) {
        this.doomed.add(sha256);
        continue;
      }
      if (await this.remove(sha256)) removed++;
    }
    return removed;
  }

  // The entry goes first, so a job acquiring the file meanwhile downloads it again rather than
  // counting on a file about to disappear.
  private async remove(sha256: string): Promise<boolean> {
    const known = this.entries.delete(sha256);
    this.doomed.delete(sha256);
    const filePath = this.filePath(sha256);
    const onDisk = await stat(filePath).then((s) => s.isFile()).catch(() => false);
    await rm(filePath, { force: true });
    return known || onDisk;
  }

  private async ensure(file: LoraFileRequest, signal: AbortSignal): Promise<void> {
    const entry = this.entries.get(file.sha256);
    if (entry) {
      entry.lastUsed = ++this.clock;
      // Keeps the order across restarts (open() sorts by modification time).
      const now = new Date();
      await utimes(this.filePath(file.sha256), now, now).catch(() => undefined);
      return;
    }
    let download = this.downloads.get(file.sha256);
    if (!download) {
      download = this.download(file, signal).finally(() => this.downloads.delete(file.sha256));
      this.downloads.set(file.sha256, download);
    }
    await download;
  }

  // Into a hidden partial file first; renamed only once the hash matches, so ComfyUI never lists a
  // half-written or wrong file.
  private async download(file: LoraFileRequest, signal: AbortSignal): Promise<void> {
    const partial = path.join(this.dir, `.atelier-partial-${file.sha256.slice(0, 16)}-${randomBytes(4).toString('hex')}`);
    try {
      const got = await this.fetchToFile(file.url, partial, signal);
      if (got.sha256 !== file.sha256) throw new LoraChecksumError(`The LoRA file downloaded for ${file.sha256.slice(0, 12)}… has SHA-256 ${got.sha256.slice(0, 12)}…; it was discarded`);
      await rename(partial, this.filePath(file.sha256));
      this.entries.set(file.sha256, { bytes: got.bytes, lastUsed: ++this.clock });
    } finally {
      await rm(partial, { force: true });
    }
  }

  // Least recently used first, until the total fits the budget; pinned files stay even if over it.
  private async evict(): Promise<void> {
    let total = this.totalBytes();
    if (total <= this.maxBytes) return;
    const byAge = [...this.entries.entries()].sort((a, b) => a[1].lastUsed - b[1].lastUsed);
    for (const [sha256, entry] of byAge) {
      if (total <= this.maxBytes) break;
      if (this.pinned.has(sha256)) continue;
      await rm(this.filePath(sha256), { force: true });
      this.entries.delete(sha256);
      total -= entry.bytes;
    }
  }

  private pin(sha256: string): void {
    this.pinned.set(sha256, (this.pinned.get(sha256) ?? 0) + 1);
  }

  // True when this was the last pin of a purged file, which must go now.
  private unpin(sha256: string): boolean {
    const n = (this.pinned.get(sha256) ?? 0) - 1;
    if (n > 0) {
      this.pinned.set(sha256, n);
      return false;
    }
    this.pinned.delete(sha256);
    return this.doomed.has(sha256);
  }

  private filePath(sha256: string): string {
    return path.join(this.dir, loraFileName(sha256));
  }
}
