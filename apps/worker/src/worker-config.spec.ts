import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { loadWorkerConfig, WorkerConfigError } from './worker-config.js';

function problemsOf(argv: string[], env: Record<string, string> = {}): string[] {
  try {
    loadWorkerConfig(argv, env);
  } catch (error) {
    if (error instanceof WorkerConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected the config to be refused');
}

describe('loadWorkerConfig', () => {
  it('gives the embedded defaults when only a token is set', () => {
    expect(loadWorkerConfig([], { WORKER_TOKEN: 'wkr_abc' })).toEqual({
      apiUrl: 'http://127.0.0.1:4000',
      token: 'wkr_abc',
      backend: 'draft',
      comfyUrls: ['http://127.0.0.1:8188'],
      comfyDir: null,
      loraDir: null,
      loraCacheBytes: 50 * 1024 ** 3,
      baseModels: ['sdxl', 'sd15'],
      leaseWaitSeconds: 20,
    });
  });

  it('lets flags win over the environment', () => {
    const config = loadWorkerConfig(
      ['--api', 'https://api.example.com/', '--token=wkr_flag', '--backend', 'comfyui', '--comfy-url', 'http://gpu-1:8188', '--base-models', 'sd15', '--lease-wait', '5', '--lora-cache-gb', '0.5'],
      { ATELIER_API_URL: 'http://env:4000', WORKER_TOKEN: 'wkr_env', WORKER_BACKEND: 'draft', COMFY_URL: 'http://env:8188', COMFY_DIR: '/opt/ComfyUI', COMFY_LORA_DIR: '/mnt/loras', WORKER_LORA_CACHE_GB: '9' },
    );
    expect(config).toEqual({
      apiUrl: 'https://api.example.com',
      token: 'wkr_flag',
      backend: 'comfyui',
      comfyUrls: ['http://gpu-1:8188'],
      comfyDir: '/opt/ComfyUI',
      loraDir: '/mnt/loras',
      loraCacheBytes: 512 * 1024 ** 2,
      baseModels: ['sd15'],
      leaseWaitSeconds: 5,
    });
  });

  it("requires ComfyUI's base directory for the comfyui backend (the LoRA folder defaults to its models/loras) and a positive cache size", () => {
    expect(problemsOf(['--backend', 'comfyui'], { WORKER_TOKEN: 'wkr_abc' })).toEqual([expect.stringMatching(/^--comfy-dir \/ COMFY_DIR is required with --backend comfyui: ComfyUI's base directory/)]);
    expect(problemsOf(['--backend', 'comfyui', '--lora-dir', '/opt/ComfyUI/models/loras'], { WORKER_TOKEN: 'wkr_abc' })).toEqual([expect.stringMatching(/^--comfy-dir \/ COMFY_DIR is required/)]);
    expect(loadWorkerConfig(['--backend', 'comfyui', '--comfy-dir', '/opt/ComfyUI/'], { WORKER_TOKEN: 'wkr_abc' })).toMatchObject({ comfyDir: '/opt/ComfyUI', loraDir: '/opt/ComfyUI/models/loras' });
    expect(problemsOf(['--lora-cache-gb', '0'], { WORKER_TOKEN: 'wkr_abc' })).toEqual([expect.stringMatching(/^--lora-cache-gb \/ WORKER_LORA_CACHE_GB must be more than 0 GiB/)]);
  });

  it('takes one ComfyUI URL per GPU, comma-separated, and refuses the same one twice or more than 16', () => {
    const env = { WORKER_TOKEN: 'wkr_abc' };
    expect(loadWorkerConfig(['--backend', 'comfyui', '--comfy-dir', '/opt/ComfyUI', '--comfy-url', 'http://127.0.0.1:8188/, http://127.0.0.1:8189'], env).comfyUrls).toEqual(['http://127.0.0.1:8188', 'http://127.0.0.1:8189']);
    expect(loadWorkerConfig(['--backend', 'comfyui', '--comfy-dir', '/opt/ComfyUI'], { ...env, COMFY_URL: 'http://gpu:8188,http://gpu:8189,http://gpu:8190' }).comfyUrls).toHaveLength(3);
    expect(problemsOf(['--comfy-url', 'http://a:8188,http://a:8188'], env)).toEqual([expect.stringMatching(/^--comfy-url \/ COMFY_URL names the same ComfyUI twice/)]);
    const seventeen = Array.from({ length: 17 }, (_, i) => `http://gpu:${8188 + i}`).join(',');
    expect(problemsOf(['--comfy-url', seventeen], env)).toEqual([expect.stringMatching(/^--comfy-url \/ COMFY_URL must name at most 16 ComfyUI URLs/)]);
  });

  it('lists every bad value in one error, naming the flag and its variable', () => {
    const problems = problemsOf(['--api', 'ftp://x', '--backend', 'gpu', '--base-models', 'sdxl,flux', '--lease-wait', '30', '--comfy-url', 'nope']);
    expect(problems).toHaveLength(6);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^--api \/ ATELIER_API_URL must be an http\(s\) URL \(got "ftp:\/\/x"\)/),
        expect.stringMatching(/^--token \/ WORKER_TOKEN is required/),
        expect.stringMatching(/^--backend \/ WORKER_BACKEND must be draft or comfyui \(got "gpu"\)/),
        expect.stringMatching(/^--comfy-url \/ COMFY_URL must be an http\(s\) URL/),
        expect.stringMatching(/^--base-models \/ WORKER_BASE_MODELS must list sdxl and\/or sd15/),
        expect.stringMatching(/^--lease-wait \/ WORKER_LEASE_WAIT must be 0 to 20 seconds \(got "30"\)/),
      ]),
    );
  });

  it('refuses a token that is not a worker token without echoing it', () => {
    const problems = problemsOf([], { WORKER_TOKEN: 'ak_secret_api_key', WORKER_LEASE_WAIT: 'soon' });
    expect(problems).toEqual([expect.stringMatching(/^--token \/ WORKER_TOKEN must be a worker token/), expect.stringMatching(/^--lease-wait \/ WORKER_LEASE_WAIT must be a number of seconds/)]);
    expect(problems.join('\n')).not.toContain('ak_secret_api_key');
  });

  describe('a token kept in a file (a Compose secret)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'worker-token-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    const secretFile = (name: string, content: string) => {
      const file = join(dir, name);
      writeFileSync(file, content);
      return file;
    };

    it('reads the token from WORKER_TOKEN_FILE or --token-file, without the newline a secret file ends with', () => {
      const file = secretFile('worker_token', 'wkr_from_file\n');
      expect(loadWorkerConfig([], { WORKER_TOKEN_FILE: file }).token).toBe('wkr_from_file');
      expect(loadWorkerConfig(['--token-file', file], {}).token).toBe('wkr_from_file');
    });

    it('lets a flag win over the environment, whichever way either gives the token', () => {
      const file = secretFile('flag_token', 'wkr_flag_file');
      expect(loadWorkerConfig(['--token-file', file], { WORKER_TOKEN: 'wkr_env' }).token).toBe('wkr_flag_file');
      expect(loadWorkerConfig(['--token', 'wkr_flag'], { WORKER_TOKEN_FILE: file }).token).toBe('wkr_flag');
    });

    it('refuses two token sources at the same level instead of picking one', () => {
      const file = secretFile('both', 'wkr_file');
      expect(problemsOf([], { WORKER_TOKEN: 'wkr_env', WORKER_TOKEN_FILE: file })).toEqual(['WORKER_TOKEN and WORKER_TOKEN_FILE are both set: give the worker token one way']);
      expect(problemsOf(['--token', 'wkr_a', '--token-file', file])).toEqual(['--token and --token-file are both set: give the worker token one way']);
    });

    it('names a missing, unreadable or empty file by its path, never echoing what it holds', () => {
      const missing = join(dir, 'missing');
      expect(problemsOf([], { WORKER_TOKEN_FILE: missing })).toEqual([`--token-file / WORKER_TOKEN_FILE cannot be read (${missing}): ENOENT`]);
      expect(problemsOf([], { WORKER_TOKEN_FILE: dir })).toEqual([`--token-file / WORKER_TOKEN_FILE cannot be read (${dir}): EISDIR`]);
      const empty = secretFile('empty', ' \n');
      expect(problemsOf([], { WORKER_TOKEN_FILE: empty })).toEqual([`--token-file / WORKER_TOKEN_FILE is empty (${empty})`]);
      const wrong = secretFile('api_key', 'ak_secret_api_key\n');
      const problems = problemsOf([], { WORKER_TOKEN_FILE: wrong });
      expect(problems).toEqual([expect.stringMatching(/^--token \/ WORKER_TOKEN must be a worker token/)]);
      expect(problems.join('\n')).not.toContain('ak_secret_api_key');
      if (process.getuid?.() !== 0) {
        // root reads any file, so the permission case only means something for other users
        const locked = secretFile('locked', 'wkr_locked');
        chmodSync(locked, 0o000);
        expect(problemsOf([], { WORKER_TOKEN_FILE: locked })).toEqual([`--token-file / WORKER_TOKEN_FILE cannot be read (${locked}): EACCES`]);
      }
    });
  });

  it('reports an unknown flag together with the other problems', () => {
    const error = (() => {
      try {
        loadWorkerConfig(['--tokn', 'wkr_x'], {});
      } catch (e) {
        return e as WorkerConfigError;
      }
      throw new Error('expected an error');
    })();
    expect(error.problems[0]).toContain("'--tokn'");
    expect(error.problems[1]).toMatch(/WORKER_TOKEN is required/);
    expect(error.message).toMatch(/^The Atelier worker cannot start/);
  });
});
