import { z } from 'zod';
import { PREVIEW_JOB_STATES } from './job-state.js';

// The worker protocol's messages (REST under /v1), shared by the API that sends them and the
// worker that reads them, so the two cannot drift apart.

/** Bounds of what a box reports (POST /v1/workers/heartbeat `capabilities`); a worker trims its lists to them. */
export const BOX_CAPABILITY_LIMITS = { gpus: 16, nodeClasses: 5000, customNodes: 500, modelFolders: 16, filesPerFolder: 2000, nameLength: 255 } as const;

const boxName = z.string().min(1).max(BOX_CAPABILITY_LIMITS.nameLength);

/** What a GPU box's ComfyUI has, read at start and before every heartbeat. */
export const boxCapabilitiesSchema = z
  .object({
    gpus: z
      .array(
        z.object({
          index: z.number().int().min(0).max(1024),
          name: z.string().max(BOX_CAPABILITY_LIMITS.nameLength),
          vramMb: z.number().int().positive().nullable().describe('Total memory in MiB; null when ComfyUI does not say.'),
        }),
      )
      .max(BOX_CAPABILITY_LIMITS.gpus)
      .describe('The GPUs ComfyUI reports (GET /system_stats `devices`, CPU devices left out). A box with no GPU memory is given no job.'),
    nodeClasses: z
      .array(boxName)
      .max(BOX_CAPABILITY_LIMITS.nodeClasses)
      .describe('Every node class GET /object_info lists, custom nodes included. A job whose graph uses a class missing here is not offered to this box.'),
    customNodes: z.array(boxName).max(BOX_CAPABILITY_LIMITS.customNodes).describe('The custom node packages those classes come from (`custom_nodes/<name>`), for admins.'),
    modelFiles: z
      .record(z.string().regex(/^[a-z0-9_]{1,40}$/), z.array(boxName).max(BOX_CAPABILITY_LIMITS.filesPerFolder))
      .refine((folders) => Object.keys(folders).length <= BOX_CAPABILITY_LIMITS.modelFolders, { message: `at most ${BOX_CAPABILITY_LIMITS.modelFolders} folders` })
      .describe(
        'Model files per ComfyUI model folder (folder_paths names: `checkpoints`, `controlnet`, `instantid`), as ComfyUI lists them for its loader nodes. ' +
          'A job is offered only to a box that lists the checkpoint and, for a posed template, the ControlNet its graph loads (the API’s COMFY_CHECKPOINT_* and COMFY_CONTROLNET_OPENPOSE_* files); ' +
          'for an InstantID template, also the InstantID model (`instantid`) and InstantID’s ControlNet (COMFY_INSTANTID_MODEL_SDXL, COMFY_CONTROLNET_INSTANTID_SDXL). ' +
          'LoRA files are not listed: jobs bring theirs, and their names identify people’s identity LoRAs.',
      ),
    loraFileCount: z.number().int().min(0).nullable().describe('How many files ComfyUI lists in its LoRA folder; null when it does not say.'),
  });
export type BoxCapabilitiesReport = z.infer<typeof boxCapabilitiesSchema>;

/** POST /v1/workers/heartbeat body. */
export const workerHeartbeatSchema = z.object({
  backend: z.enum(['comfyui', 'draft']),
  baseModels: z.array(z.enum(['sd15', 'sdxl'])).min(1),
  vramMb: z.number().int().positive().nullish(),
  loadedCheckpoint: z.string().max(300).nullish(),
  loadedLoraKey: z.string().max(5000).nullish(),
  cachedLoraHashes: z.array(z.string().regex(/^[0-9a-f]{64}$/)).max(10_000).optional(),
  boxProblem: z
    .string()
    .min(1)
    .max(1000)
    .nullish()
    .describe(
      'What is wrong with the GPU box, as a sentence for admins (e.g. model files a job needs that its ComfyUI does not list); null or absent when nothing is. ' +
        'A worker reporting a problem is given no job until a heartbeat without one.',
    ),
  capabilities: boxCapabilitiesSchema
    .nullish()
    .describe(
      'What the GPU box has (its ComfyUI read at start and before every heartbeat): the lease then offers only jobs whose graphs it can run. ' +
        'Absent or null (older workers, the draft backend): jobs are offered by backend and base models alone, as before.',
    ),
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
    subject: z.looseObject({
      id: z.string(),
      name: z.string(),
      /** Null for a consumer app's render of an InstantID template: its identity is the face photo alone. */
      identityLora: z.looseObject({ sha256: z.string(), url: z.string() }).nullable(),
      /**
       * InstantID jobs only: one of the subject's consented face photos, a presigned GET valid for about
       * a lease. Upload it as comfy.inputImages.facePhoto and delete it after the job, whatever happens.
       */
      facePhoto: z.looseObject({ url: z.string() }).nullish(),
    }),
    styleLoras: z.array(z.looseObject({ loraId: z.string(), name: z.string(), sha256: z.string(), url: z.string(), triggerWords: z.array(z.string()) })),
    referenceImageUrl: z.string().nullable(),
    /**
     * For comfyui jobs: the compiled API-format prompt (LoRAs named `<sha256>.safetensors`) and the
     * names under which to upload the pose and light maps (and, for InstantID, the subject's face
     * photo); or why the spec could not be compiled.
     */
    comfy: z
      .object({
        prompt: z.record(z.string(), z.object({ class_type: z.string(), inputs: z.record(z.string(), z.unknown()) })),
        inputImages: z.object({ poseMap: z.string().optional(), lightMap: z.string().optional(), facePhoto: z.string().optional() }),
      })
      .nullish(),
    comfyError: z.string().nullish(),
  }),
  output: z.looseObject({ uploadUrl: z.string(), uploadHeaders: z.record(z.string(), z.string()) }),
});
export type LeasedJob = z.infer<typeof leasedJobSchema>;

/** Where to PUT the rendered image now: asked for just before the upload, valid for about a lease. */
export const outputTargetSchema = z.object({
  uploadUrl: z.string().describe('A presigned PUT URL, valid for about one lease.'),
  uploadHeaders: z.record(z.string(), z.string()),
  expiresAt: z.string().describe('When the URL stops working (ISO 8601).'),
});
export type OutputTarget = z.infer<typeof outputTargetSchema>;
export type LeasedJobPayload = LeasedJob['job'];

export const leaseReportSchema = z.object({ leaseId: z.string().uuid() });
export const progressReportSchema = leaseReportSchema.extend({ progress: z.number().min(0).max(1) });
export const completeReportSchema = leaseReportSchema.extend({ gpuMs: z.number().int().min(0).max(3_600_000).nullish() });
export const failReportSchema = leaseReportSchema.extend({ retryable: z.boolean(), error: z.string().min(1).max(2000) });

/** The most reports one POST /v1/jobs/report may carry: a box with more finished jobs sends another. */
export const MAX_REPORTS_PER_CALL = 32;

/** One item of POST /v1/jobs/report: a `complete` or `fail` report of one job, on its own lease. */
export const batchReportItemSchema = z.discriminatedUnion('type', [
  completeReportSchema.extend({ type: z.literal('complete'), jobId: z.string().uuid() }),
  failReportSchema.extend({ type: z.literal('fail'), jobId: z.string().uuid() }),
]);
export type BatchReportItem = z.infer<typeof batchReportItemSchema>;

/** POST /v1/jobs/report body: several finished jobs of one worker, each checked against its own lease. */
export const batchReportSchema = z.object({
  reports: z
    .array(batchReportItemSchema)
    .min(1)
    .max(MAX_REPORTS_PER_CALL)
    .refine((items) => new Set(items.map((i) => i.jobId)).size === items.length, 'a job may be reported once per call')
    .describe(`1 to ${MAX_REPORTS_PER_CALL} reports, one per job; each is what POST /v1/jobs/{id}/complete or /fail takes, plus the job id and the type.`),
});
export type BatchReport = z.infer<typeof batchReportSchema>;

/** POST /v1/jobs/lease `?wait=` query parameter: seconds to long-poll for a job (0 answers at once). */
export const leaseWaitSecondsSchema = z.coerce.number().min(0).max(20).default(20).describe('Seconds to wait for a job before answering 204 (0 to 20).');

/** The most jobs one lease call may ask for (`?max=`): a box with more GPUs asks again. */
export const MAX_LEASES_PER_CALL = 16;

/** POST /v1/jobs/lease `?max=` query parameter: lease up to this many jobs at once, one per free GPU. */
export const leaseMaxSchema = z.coerce
  .number()
  .int()
  .min(1)
  .max(MAX_LEASES_PER_CALL)
  .describe(`Lease up to this many jobs in one call (1 to ${MAX_LEASES_PER_CALL}), each with its own lease; the answer is then a LeaseBatch.`);

/** POST /v1/jobs/lease?max=N 200 response: 1..N jobs, each its own lease (reported on its own). */
export const leaseBatchSchema = z.looseObject({ leases: z.array(leasedJobSchema) });
export type LeaseBatch = z.infer<typeof leaseBatchSchema>;

/** POST /v1/workers/heartbeat 200 response. */
export const workerHeartbeatAckSchema = z.object({
  workerId: z.string().describe('The worker token id: one worker per token.'),
  backend: z.enum(['comfyui', 'draft']),
  lastHeartbeatAt: z.string().describe('ISO 8601 time the API recorded this heartbeat.'),
  purgedIdentityLoraHashes: z
    .array(z.string().regex(/^[0-9a-f]{64}$/))
    .max(10_000)
    .optional()
    .describe(
      'SHA-256 of the identity LoRA files, among the cachedLoraHashes this heartbeat reported, whose preview subject was retired or whose consent expired ' +
        '(and no usable subject shares the file). Delete those files at once, or right after the running job if it uses one. ' +
        'Only hashes the worker reported are listed, so the list is empty once the files are gone. Hashes only: nothing about the person.',
    ),
});
export type WorkerHeartbeatAck = z.infer<typeof workerHeartbeatAckSchema>;

/** 200 response of every job report (progress, complete, release, fail): the job as it is now. */
export const jobStatusSchema = z.object({
  id: z.string(),
  state: z.enum(PREVIEW_JOB_STATES),
  attempts: z.number().int().describe('Leases granted so far (a released lease gives its attempt back).'),
  progress: z.number().min(0).max(1),
  error: z.string().nullable().describe('The last failure reported for the job, if any.'),
});
export type JobStatus = z.infer<typeof jobStatusSchema>;

/** One result of POST /v1/jobs/report, in the order of the reports: the job as it is now, or why this report was refused. */
export const batchReportResultSchema = z.union([
  z.object({ jobId: z.string(), ok: z.literal(true), job: jobStatusSchema }),
  z.object({
    jobId: z.string(),
    ok: z.literal(false),
    status: z.number().int().describe('The status the single report would have had: 400 (the output is missing or not a usable image), 404 (no such job) or 409 (the lease is stale or another worker\'s).'),
    code: z.string().describe('BAD_USER_INPUT, NOT_FOUND or INVALID_STATE_TRANSITION.'),
    message: z.string(),
  }),
]);
export type BatchReportResult = z.infer<typeof batchReportResultSchema>;

/** POST /v1/jobs/report 200 response: one result per report, a refused one changing nothing of its job. */
export const batchReportAnswerSchema = z.object({ results: z.array(batchReportResultSchema) });
export type BatchReportAnswer = z.infer<typeof batchReportAnswerSchema>;

/** GET /v1/worker/whoami 200 response: whose token this is. */
export const workerIdentitySchema = z.object({ id: z.string(), name: z.string() });
export type WorkerIdentity = z.infer<typeof workerIdentitySchema>;

/**
 * The body of every refusal on /v1 (4xx): a stable code, a sentence for people and, for bad input,
 * the fields at fault. Loose: some refusals add facts of their own.
 */
export const protocolErrorSchema = z.looseObject({
  code: z.string().describe('UNAUTHENTICATED, NOT_FOUND, BAD_USER_INPUT or INVALID_STATE_TRANSITION on /v1.'),
  message: z.string().describe('What went wrong, as a sentence.'),
  issues: z.array(z.object({ path: z.string(), message: z.string() })).optional().describe('BAD_USER_INPUT only: one entry per field at fault.'),
});
export type ProtocolError = z.infer<typeof protocolErrorSchema>;
