import { z } from 'zod';

// The worker protocol's messages (REST under /v1), shared by the API that sends them and the
// worker that reads them, so the two cannot drift apart.

/** POST /v1/workers/heartbeat body. */
export const workerHeartbeatSchema = z.object({
  backend: z.enum(['comfyui', 'draft']),
  baseModels: z.array(z.enum(['sd15', 'sdxl'])).min(1),
  vramMb: z.number().int().positive().nullish(),
  loadedCheckpoint: z.string().max(300).nullish(),
  loadedLoraKey: z.string().max(5000).nullish(),
  cachedLoraHashes: z.array(z.string().regex(/^[0-9a-f]{64}$/)).max(10_000).optional(),
});
export type WorkerHeartbeat = z.infer<typeof workerHeartbeatSchema>;

/** POST /v1/jobs/lease 200 response. Loose objects: a newer API may add fields. */
export const leasedJobSchema = z.looseObject({
  leaseId: z.string(),
  leaseExpiresAt: z.string(),
  /** The lease length, to pace progress reports without trusting clocks. */
  leaseSeconds: z.number(),
  job: z.looseObject({
    id: z.string(),
    versionId: z.string(),
    specHash: z.string(),
    // Validated by the backend: a spec it cannot use is a failure of that job, not of the protocol.
    spec: z.unknown(),
    seed: z.number(),
    baseModel: z.enum(['sd15', 'sdxl']),
    attempt: z.number(),
    subject: z.looseObject({ id: z.string(), name: z.string(), identityLora: z.looseObject({ sha256: z.string(), url: z.string() }) }),
    styleLoras: z.array(z.looseObject({ loraId: z.string(), name: z.string(), sha256: z.string(), url: z.string(), triggerWords: z.array(z.string()) })),
    referenceImageUrl: z.string().nullable(),
    /**
     * For comfyui jobs: the compiled API-format prompt (LoRAs named `<sha256>.safetensors`) and the
     * names under which to upload the pose and light maps; or why the spec could not be compiled.
     */
    comfy: z
      .object({
        prompt: z.record(z.string(), z.object({ class_type: z.string(), inputs: z.record(z.string(), z.unknown()) })),
        inputImages: z.object({ poseMap: z.string().optional(), lightMap: z.string().optional() }),
      })
      .nullish(),
    comfyError: z.string().nullish(),
  }),
  output: z.looseObject({ uploadUrl: z.string(), uploadHeaders: z.record(z.string(), z.string()) }),
});
export type LeasedJob = z.infer<typeof leasedJobSchema>;
export type LeasedJobPayload = LeasedJob['job'];

export const leaseReportSchema = z.object({ leaseId: z.string().uuid() });
export const progressReportSchema = leaseReportSchema.extend({ progress: z.number().min(0).max(1) });
export const completeReportSchema = leaseReportSchema.extend({ gpuMs: z.number().int().min(0).max(3_600_000).nullish() });
export const failReportSchema = leaseReportSchema.extend({ retryable: z.boolean(), error: z.string().min(1).max(2000) });
