import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { MAX_LEASES_PER_CALL } from '@atelier/preview-job';

// The worker's settings: command-line flags win over environment variables; both are read and
// validated once, at start-up, and every bad value is reported in one message.
export type WorkerBackendName = 'draft' | 'comfyui';
export type WorkerBaseModel = 'sdxl' | 'sd15';

export interface WorkerConfig {
  apiUrl: string;
  token: string;
  backend: WorkerBackendName;
  /**
   * The ComfyUI servers of this box, one per GPU (comfyui only): the worker leases up to as many jobs
   * as it has free GPUs and runs each on a free one. One URL: one GPU, as before.
   */
  comfyUrls: string[];
  /**
   * ComfyUI's base directory on this box (input/, output/, temp/, models/ under it), where the worker
   * deletes what ComfyUI keeps of each job (comfyui only).
   */
  comfyDir: string | null;
  /** ComfyUI's models/loras folder on this box, where the LoRA cache keeps its files (comfyui only). */
  loraDir: string | null;
  loraCacheBytes: number;
  baseModels: WorkerBaseModel[];
  leaseWaitSeconds: number;
}

export class WorkerConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`The Atelier worker cannot start, the configuration is invalid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'WorkerConfigError';
  }
}

// Flag name -> the environment variable it overrides.
const SETTINGS = {
  api: 'ATELIER_API_URL',
  token: 'WORKER_TOKEN',
  // A file holding the token (a Docker/Compose secret), so it stays out of the environment.
  'token-file': 'WORKER_TOKEN_FILE',
  backend: 'WORKER_BACKEND',
  'comfy-url': 'COMFY_URL',
  'comfy-dir': 'COMFY_DIR',
  'lora-dir': 'COMFY_LORA_DIR',
  'lora-cache-gb': 'WORKER_LORA_CACHE_GB',
  'base-models': 'WORKER_BASE_MODELS',
  'lease-wait': 'WORKER_LEASE_WAIT',
} as const;
type SettingName = keyof typeof SETTINGS;

const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).transform((u) => u.replace(/\/+$/, ''));

const settingsSchema = z.object({
  api: httpUrl.default('http://127.0.0.1:4000'),
  token: z.string({ error: 'is required (a worker token from issueWorkerToken; or --token-file / WORKER_TOKEN_FILE naming a file that holds it)' }).regex(/^wkr_\S+$/, 'must be a worker token (wkr_…)'),
  backend: z.enum(['draft', 'comfyui'], { error: 'must be draft or comfyui' }).default('draft'),
  // One URL per GPU, comma-separated (a ComfyUI per GPU, e.g. started with --cuda-device N).
  'comfy-url': z
    .string()
    .default('http://127.0.0.1:8188')
    .transform((s) => s.split(',').map((u) => u.trim()).filter(Boolean))
    .pipe(z.array(httpUrl).min(1, 'must name at least one ComfyUI URL').max(MAX_LEASES_PER_CALL, `must name at most ${MAX_LEASES_PER_CALL} ComfyUI URLs (one per GPU)`))
    .refine((urls) => new Set(urls).size === urls.length, 'names the same ComfyUI twice (one URL per GPU)'),
  'comfy-dir': z.string().min(1).optional(),
  'lora-dir': z.string().min(1).optional(),
  'lora-cache-gb': z.coerce.number({ error: 'must be a number of GiB' }).positive('must be more than 0 GiB').max(100_000, 'must be at most 100000 GiB').default(50),
  'base-models': z
    .string()
    .default('sdxl,sd15')
    .transform((s) => s.split(',').map((m) => m.trim()).filter(Boolean))
    .pipe(z.array(z.enum(['sdxl', 'sd15'], { error: 'must list sdxl and/or sd15, comma-separated' })).min(1, 'must list at least one of sdxl, sd15'))
    .transform((models) => [...new Set(models)]),
  'lease-wait': z.coerce.number({ error: 'must be a number of seconds' }).int('must be whole seconds').min(0, 'must be 0 to 20 seconds').max(20, 'must be 0 to 20 seconds').default(20),
});

const given = (value: string | undefined): value is string => value !== undefined && value !== '';

// The token, from --token / --token-file (flags win) or WORKER_TOKEN / WORKER_TOKEN_FILE. Two sources
// at the same level are refused rather than one silently winning. A file is read once and trimmed
// (secret files usually end with a newline); its path may be echoed, its content never is.
function resolveToken(flags: Partial<Record<SettingName, string>>, env: Record<string, string | undefined>, problems: string[]): string | undefined {
  const levels = [
    { token: flags.token, file: flags['token-file'], names: '--token and --token-file' },
    { token: env['WORKER_TOKEN'], file: env['WORKER_TOKEN_FILE'], names: 'WORKER_TOKEN and WORKER_TOKEN_FILE' },
  ];
  for (const level of levels) {
    if (given(level.token) && given(level.file)) {
      problems.push(`${level.names} are both set: give the worker token one way`);
      return undefined;
    }
    if (given(level.token)) return level.token;
    if (given(level.file)) {
      let content: string;
      try {
        content = readFileSync(level.file, 'utf8');
      } catch (error) {
        problems.push(`${describeSetting('token-file')} cannot be read (${level.file}): ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
        return undefined;
      }
      const token = content.trim();
      if (!token) problems.push(`${describeSetting('token-file')} is empty (${level.file})`);
      return token || undefined;
    }
  }
  return undefined;
}

function describeSetting(name: string): string {
  const env = (SETTINGS as Record<string, string>)[name];
  return env ? `--${name} / ${env}` : name;
}

/** argv (without node and the script) + env -> the validated config, or WorkerConfigError listing every problem. */
export function loadWorkerConfig(argv: readonly string[], env: Record<string, string | undefined> = process.env): WorkerConfig {
  const problems: string[] = [];
  const flags: Partial<Record<SettingName, string>> = {};
  try {
    const parsed = parseArgs({
      args: [...argv],
      options: Object.fromEntries(Object.keys(SETTINGS).map((name) => [name, { type: 'string' as const }])),
      strict: true,
      allowPositionals: false,
    });
    Object.assign(flags, parsed.values);
  } catch (error) {
    // parseArgs stops at the first unknown or malformed flag; report it with the rest.
    problems.push((error as Error).message);
  }

  const raw: Record<string, string> = {};
  for (const [name, envName] of Object.entries(SETTINGS) as Array<[SettingName, string]>) {
    if (name === 'token' || name === 'token-file') continue;
    const value = flags[name] ?? env[envName];
    if (value !== undefined && value !== '') raw[name] = value;
  }
  const problemsBeforeToken = problems.length;
  const token = resolveToken(flags, env, problems);
  if (token !== undefined) raw['token'] = token;
  // A token source that failed is already reported; "token is required" would only repeat it.
  const tokenReported = problems.length > problemsBeforeToken;
  const result = settingsSchema.safeParse(raw);
  if (!result.success) {
    for (const issue of result.error.issues) {
      const name = String(issue.path[0] ?? '');
      if (name === 'token' && tokenReported) continue;
      // Echo the bad value so a typo is obvious, but never the token.
      const got = raw[name] !== undefined && name !== 'token' ? ` (got "${raw[name]}")` : '';
      problems.push(`${describeSetting(name)} ${issue.message}${got}`);
    }
  }
  if (result.success && result.data.backend === 'comfyui' && !result.data['comfy-dir']) {
    problems.push(`${describeSetting('comfy-dir')} is required with --backend comfyui: ComfyUI's base directory on this box (the worker deletes each job's images there)`);
  }
  if (problems.length || !result.success) throw new WorkerConfigError(problems);

  const s = result.data;
  return {
    apiUrl: s.api,
    token: s.token,
    backend: s.backend,
    comfyUrls: s['comfy-url'],
    comfyDir: s['comfy-dir'] ? path.resolve(s['comfy-dir']) : null,
    loraDir: s['lora-dir'] ? path.resolve(s['lora-dir']) : s['comfy-dir'] ? path.resolve(s['comfy-dir'], 'models', 'loras') : null,
    loraCacheBytes: Math.round(s['lora-cache-gb'] * 1024 ** 3),
    baseModels: s['base-models'],
    leaseWaitSeconds: s['lease-wait'],
  };
}
