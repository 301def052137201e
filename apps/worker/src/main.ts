import { WorkerApiClient } from './api-client.js';
import type { RenderBackend } from './backends/backend.js';
import { ComfyClient } from './backends/comfyui/comfy-client.js';
import { ComfyUiBackend } from './backends/comfyui/comfyui-backend.js';
import { LoraFileCache } from './backends/comfyui/lora-file-cache.js';
import { DraftBackend } from './backends/draft/draft-backend.js';
import { isFatalApiError, runLeaseLoop, type WorkerLog } from './lease-loop.js';
import { loadWorkerConfig, WorkerConfigError, type WorkerConfig } from './worker-config.js';

// `node apps/worker/dist/main.js --api http://127.0.0.1:4000 --token wkr_…`: config -> API client ->
// backend -> lease loop, until SIGTERM/SIGINT (a second signal exits at once).

// Storage being down while fetching a LoRA is retried this long, then the job fails (retryable).
const LORA_DOWNLOAD_RETRY_MS = 2 * 60_000;
// A face photo is small: a minute of retries, then the job fails (retryable) and the next lease brings a fresh URL.
const FACE_PHOTO_RETRY_MS = 60_000;

const log: WorkerLog = {
  info: (line) => console.log(`${new Date().toISOString()} ${line}`),
  warn: (line) => console.warn(`${new Date().toISOString()} ${line}`),
};

// One backend per GPU: a ComfyUI each (sharing the box's LoRA cache), or the CPU draft renderer.
async function createBackends(config: WorkerConfig, client: WorkerApiClient): Promise<RenderBackend[]> {
  switch (config.backend) {
    case 'draft':
      return [new DraftBackend(client, config.baseModels)];
    case 'comfyui': {
      const loras = new LoraFileCache(config.loraDir!, config.loraCacheBytes, (url, filePath, signal) => client.downloadToFile(url, filePath, { signal, stopRetrying: AbortSignal.timeout(LORA_DOWNLOAD_RETRY_MS) }));
      const backends: RenderBackend[] = [];
      for (const url of config.comfyUrls) {
        const comfy = new ComfyClient(url, { dir: config.comfyDir! });
        // Without ComfyUI's own folders the worker could not delete what each job leaves there.
        const problems = await comfy.checkDir();
        if (problems.length) throw new WorkerConfigError(problems.map((p) => `--comfy-dir / COMFY_DIR: ${p}`));
        const backend = new ComfyUiBackend({
          comfy,
          loras,
          baseModels: config.baseModels,
          downloadFacePhoto: (url, signal) => client.download(url, { signal, stopRetrying: AbortSignal.any([signal, AbortSignal.timeout(FACE_PHOTO_RETRY_MS)]) }),
        });
        await backend.start();
        backends.push(backend);
      }
      return backends;
    }
  }
}

async function main(): Promise<number> {
  let config: WorkerConfig;
  let backends: RenderBackend[];
  let client: WorkerApiClient;
  try {
    config = loadWorkerConfig(process.argv.slice(2));
    client = new WorkerApiClient({
      apiUrl: config.apiUrl,
      token: config.token,
      onRetry: ({ call, attempt, delayMs, reason }) => log.warn(`${call}: ${reason}; retry ${attempt} in ${delayMs} ms`),
    });
    backends = await createBackends(config, client);
  } catch (error) {
    if (error instanceof WorkerConfigError) {
      console.error(error.message);
      return 2;
    }
    throw error;
  }

  const stop = new AbortController();
  const onSignal = (name: NodeJS.Signals) => {
    if (stop.signal.aborted) {
      log.warn(`${name} again: exiting now`);
      process.exit(130);
    }
    log.info(`${name}: no new jobs; finishing the current one`);
    stop.abort();
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);

  const backend = backends[0]!;
  log.info(`worker (${backend.name}, ${config.baseModels.join('+')}${backends.length > 1 ? `, ${backends.length} GPUs` : ''}) leasing from ${config.apiUrl}`);
  try {
    const summary = await runLeaseLoop({ client, backend: backends, leaseWaitSeconds: config.leaseWaitSeconds, signal: stop.signal, log });
    // A job handed back while ComfyUI was still on it is cleaned up from the box before exiting.
    await Promise.all(backends.map((b) => b.close?.()));
    log.info(`stopped: ${summary.succeeded} done, ${summary.failed} failed, ${summary.dropped} dropped`);
    return 0;
  } catch (error) {
    if (isFatalApiError(error)) {
      log.warn(`the API refused this worker's token (${error.message}); issue a new one with issueWorkerToken`);
      return 1;
    }
    throw error;
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
