import { Args, Context, Field, Float, ID, InputType, Int, Mutation, ObjectType, Parent, Query, ResolveField, Resolver, registerEnumType } from '@nestjs/graphql';
import type { BoxCapabilitiesReport, PreviewJobState, PreviewPriority } from '@atelier/preview-job';
import { Roles, SignedIn } from '../../common/access.decorator.js';
import { pageSize } from '../../common/connection.js';
import { CurrentUser } from '../../common/current-user.decorator.js';
import type { AuthUser, GqlContext } from '../../common/request-context.js';
import { StorageService } from '../asset/storage.service.js';
import { TemplateVersionObject } from '../template/template.object.js';
import type { LikenessEnd, PreviewBatchEntity, PreviewJobEntity } from './preview-job.entity.js';
import { PreviewJobService } from './preview-job.service.js';
import { QueueStatsService, type WaitingReason } from './queue-stats.service.js';
import { WorkerReportService, type LeaseBlock } from './worker-report.service.js';
import { DEFAULT_PREVIEWS_PER_VERSION, MAX_PREVIEWS_PER_VERSION } from './version-previews.js';

export enum PreviewJobStateEnum {
  QUEUED = 'QUEUED',
  LEASED = 'LEASED',
  SUCCEEDED = 'SUCCEEDED',
  FAILED = 'FAILED',
  CANCELLED = 'CANCELLED',
  DEAD = 'DEAD',
}
registerEnumType(PreviewJobStateEnum, { name: 'PreviewJobState' });

export enum PreviewPriorityEnum {
  REVIEW = 'REVIEW',
  INTERACTIVE = 'INTERACTIVE',
  CONSUMER = 'CONSUMER',
  BULK = 'BULK',
}
registerEnumType(PreviewPriorityEnum, {
  name: 'PreviewPriority',
  description: "Reviewer re-renders > interactive designer previews > consumer apps' hosted renders (createRender; at most CONSUMER_RENDER_SHARE of the pool) > bulk.",
  valuesMap: { CONSUMER: { description: "Consumer apps' hosted renders (createRender): never asked for with requestPreviews." } },
});

export enum LikenessEndEnum {
  DEFAULT = 'DEFAULT',
  MAX = 'MAX',
}
registerEnumType(LikenessEndEnum, { name: 'LikenessEnd', description: "Which end of the template's likeness range (subject.likeness) a preview renders the face at: its default, or the max \"more like me\" may reach." });

@ObjectType('PreviewJobSubject')
export class PreviewJobSubjectObject {
  @Field(() => ID) id: string;
  @Field() name: string;
}

@ObjectType('PreviewJob', {
  description:
    'One preview render of a template version for one preview subject and seed. When the subject is retired or their consent expires, ' +
    'their previews are deleted: `removed` becomes true, imageUrl and thumbnailUrl are null, a job that was still waiting is CANCELLED ' +
    '(error says why) and a finished one keeps its state, so the history stays readable without the images.',
})
export class PreviewJobObject {
  @Field(() => ID) id: string;
  @Field(() => PreviewJobStateEnum) state: PreviewJobState;
  @Field(() => PreviewPriorityEnum) priority: PreviewPriority;
  @Field(() => Float) seed: number;
  @Field(() => Float, { description: "The identity LoRA strength the face is rendered at (the spec's likeness default or max)." }) likeness: number;
  @Field(() => LikenessEndEnum, { description: 'Which end of the likeness range that is.' }) likenessEnd: LikenessEnd;
  @Field({ description: 'Answered from an identical earlier render, with no GPU work.' }) cached: boolean;
  @Field(() => Float) progress: number;
  @Field(() => Int) attempts: number;
  @Field(() => String, { nullable: true }) error: string | null;
  @Field() specHash: string;
  @Field() backend: string;
  @Field() createdAt: Date;
  @Field(() => Date, { nullable: true }) finishedAt: Date | null;
  @Field({ description: "True once the preview was deleted because the subject was retired or their consent expired; its images are gone for good." }) removed: boolean;
  @Field(() => Date, { nullable: true, description: 'When the preview was deleted (see removed).' }) removedAt: Date | null;
  row: PreviewJobEntity;
}

export function toPreviewJobObject(row: PreviewJobEntity): PreviewJobObject {
  return { id: row.id, state: row.state, priority: row.priority, seed: row.seed, likeness: row.likeness, likenessEnd: row.likenessEnd, cached: row.cached, progress: row.progress, attempts: row.attempts, error: row.lastError, specHash: row.specHash, backend: row.backend, createdAt: row.createdAt, finishedAt: row.finishedAt, removed: row.removedAt !== null, removedAt: row.removedAt, row };
}

@ObjectType('PreviewBatch')
export class PreviewBatchObject {
  @Field(() => ID) id: string;
  @Field(() => ID) versionId: string;
  @Field() specHash: string;
  @Field(() => PreviewPriorityEnum) priority: PreviewPriority;
  @Field() createdAt: Date;
}

export function toPreviewBatchObject(row: PreviewBatchEntity): PreviewBatchObject {
  return { id: row.id, versionId: row.versionId, specHash: row.specHash, priority: row.priority, createdAt: row.createdAt };
}

@InputType()
export class RequestPreviewsInput {
  @Field(() => ID) versionId: string;
  @Field(() => [ID], { nullable: true, description: 'Default: every preview subject with valid consent (at most 8).' }) subjectIds?: string[] | null;
  @Field(() => [Float], { nullable: true, description: 'Default: two seeds derived from the spec hash.' }) seeds?: number[] | null;
  @Field(() => PreviewPriorityEnum, { nullable: true }) priority?: PreviewPriority | null;
  @Field(() => [LikenessEndEnum], {
    nullable: true,
    description:
      'Default [DEFAULT]: every seed at the likeness default. [DEFAULT, MAX] also renders the first seed at the likeness max, one more job per face, ' +
      'so both ends of "more like me" can be compared on the same seed; [MAX] renders every seed at the max.',
  })
  likenessEnds?: LikenessEnd[] | null;
}

@ObjectType('QueueDepth')
export class QueueDepthObject {
  @Field(() => PreviewPriorityEnum) priority: PreviewPriority;
  @Field(() => Int) queued: number;
  @Field(() => Int) leased: number;
}

export enum PreviewWaitingReasonEnum {
  NO_WORKER_ONLINE = 'NO_WORKER_ONLINE',
  NO_WORKER_ABLE = 'NO_WORKER_ABLE',
}
registerEnumType(PreviewWaitingReasonEnum, {
  name: 'PreviewWaitingReason',
  description: 'Why a queued preview waits for a worker.',
  valuesMap: {
    NO_WORKER_ONLINE: { description: 'No worker of its backend and base model is online.' },
    NO_WORKER_ABLE: { description: 'Workers of its base model are online, but none can run it now (its box lacks a model file or node its graph needs, has no or too little GPU memory, or reports a problem). Admins see why under Workers.' },
  },
});

export enum LeaseBlockCodeEnum {
  OFFLINE = 'OFFLINE',
  BOX_PROBLEM = 'BOX_PROBLEM',
  NO_GPU_MEMORY = 'NO_GPU_MEMORY',
  TOO_LITTLE_VRAM = 'TOO_LITTLE_VRAM',
  MISSING_MODEL_FILE = 'MISSING_MODEL_FILE',
  MISSING_NODE_CLASSES = 'MISSING_NODE_CLASSES',
  NO_WORKER = 'NO_WORKER',
}
registerEnumType(LeaseBlockCodeEnum, {
  name: 'LeaseBlockCode',
  valuesMap: {
    OFFLINE: { description: 'No heartbeat in the last minute.' },
    BOX_PROBLEM: { description: 'The worker reports a problem with its box (boxProblem): it is given no job.' },
    NO_GPU_MEMORY: { description: 'ComfyUI on the box reports no GPU with memory: it is given no job.' },
    TOO_LITTLE_VRAM: { description: 'The box’s largest GPU has less memory (vramMb) than jobs of baseModel need (needVramMb, COMFY_MIN_VRAM_MB_*): no job of that base model.' },
    MISSING_MODEL_FILE: { description: 'The box does not list the model file (folder, file) the loader nodeClass loads for baseModel: no job of that base model whose graph uses that loader.' },
    MISSING_NODE_CLASSES: { description: 'The box does not list these node classes (nodeClasses), which queued jobs need.' },
    NO_WORKER: { description: 'No worker of the backend and base model is online.' },
  },
});

@ObjectType('LeaseBlock', { description: 'Something that keeps a worker, or every worker, from queued preview jobs. Admins only.' })
export class LeaseBlockObject {
  @Field(() => LeaseBlockCodeEnum) code: LeaseBlock['code'];
  @Field(() => String, { nullable: true, description: 'The worker it is about (in QueueStats.unrunnable).' }) workerName: string | null;
  @Field(() => String, { nullable: true, description: 'sd15 or sdxl.' }) baseModel: string | null;
  @Field(() => String, { nullable: true, description: 'The ComfyUI model folder (checkpoints, controlnet, ...).' }) folder: string | null;
  @Field(() => String, { nullable: true, description: 'The model file the API’s config names for it.' }) file: string | null;
  @Field(() => String, { nullable: true, description: 'The loader node class that loads the file.' }) nodeClass: string | null;
  @Field(() => Int, { nullable: true, description: 'TOO_LITTLE_VRAM: the GPU memory (MiB) jobs of the base model need.' }) needVramMb: number | null;
  @Field(() => Int, { nullable: true, description: 'TOO_LITTLE_VRAM: the memory (MiB) of the box’s largest GPU.' }) vramMb: number | null;
  @Field(() => [String]) nodeClasses: string[];
  @Field(() => Int, { nullable: true, description: 'Queued jobs that need the missing node classes.' }) queuedJobs: number | null;
  @Field(() => String, { nullable: true, description: 'The worker’s own sentence (BOX_PROBLEM).' }) boxProblem: string | null;
}

@ObjectType('UnrunnableQueue', { description: 'Queued previews of one backend and base model that no online worker can run now, and what keeps each worker from them.' })
export class UnrunnableQueueObject {
  @Field() backend: string;
  @Field() baseModel: string;
  @Field(() => Int) queued: number;
  @Field(() => [LeaseBlockObject]) blocks: LeaseBlockObject[];
}

@ObjectType('QueueStats')
export class QueueStatsObject {
  @Field(() => [QueueDepthObject]) depth: QueueDepthObject[];
  @Field(() => Float, { description: 'Seconds per finished render, over the last 50.' }) recentSecondsPerJob: number;
}

@ObjectType('WorkerGpu')
export class WorkerGpuObject {
  @Field(() => Int) index: number;
  @Field() name: string;
  @Field(() => Int, { nullable: true, description: 'Total memory in MiB, as ComfyUI reports it.' }) vramMb: number | null;
}

@ObjectType('WorkerModelFolder')
export class WorkerModelFolderObject {
  @Field({ description: 'ComfyUI model folder (checkpoints, controlnet, instantid).' }) folder: string;
  @Field(() => [String]) files: string[];
}

@ObjectType('WorkerCapabilities', { description: 'What a GPU box last reported it has (its ComfyUI, read before every heartbeat).' })
export class WorkerCapabilitiesObject {
  @Field(() => [WorkerGpuObject]) gpus: WorkerGpuObject[];
  @Field(() => [WorkerModelFolderObject], { description: 'Model files per folder, folders by name.' }) modelFolders: WorkerModelFolderObject[];
  @Field(() => Int, { description: 'Node classes ComfyUI lists (GET /object_info), custom nodes included.' }) nodeClassCount: number;
  @Field(() => [String], { description: 'Custom node packages installed.' }) customNodes: string[];
  @Field(() => Int, { nullable: true, description: 'Files ComfyUI lists in its LoRA folder.' }) loraFileCount: number | null;
}

function toWorkerCapabilitiesObject(report: BoxCapabilitiesReport): WorkerCapabilitiesObject {
  return {
    gpus: report.gpus,
    modelFolders: Object.entries(report.modelFiles)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([folder, files]) => ({ folder, files: [...files].sort() })),
    nodeClassCount: report.nodeClasses.length,
    customNodes: [...report.customNodes].sort(),
    loraFileCount: report.loraFileCount,
  };
}

@ObjectType('Worker')
export class WorkerObject {
  @Field(() => ID) id: string;
  @Field() name: string;
  @Field() backend: string;
  @Field({ description: 'ONLINE when it sent a heartbeat in the last minute.' }) status: string;
  @Field(() => [String]) baseModels: string[];
  @Field(() => String, { nullable: true }) loadedCheckpoint: string | null;
  @Field(() => String, { nullable: true }) loadedLoraKey: string | null;
  @Field(() => Int, { nullable: true, description: 'GPU memory of the box, as its ComfyUI reports it.' }) vramMb: number | null;
  @Field(() => Int, { description: 'LoRA files the worker holds on disk (no download needed for jobs using them).' }) cachedLoraCount: number;
  @Field(() => String, { nullable: true, description: 'What the worker last said is wrong with its GPU box (model files its ComfyUI lacks); it takes no jobs meanwhile. Null when nothing is.' })
  boxProblem: string | null;
  @Field(() => WorkerCapabilitiesObject, { nullable: true, description: 'What its GPU box last reported it has; null when the worker never reports it (older workers, the draft backend), which is then leased to by base model alone.' })
  capabilities: WorkerCapabilitiesObject | null;
  @Field(() => [LeaseBlockObject], { description: 'What keeps it from jobs now, or from some of them (offline, a box problem, no GPU memory, a model file or node classes its box lacks). Empty when nothing does.' })
  leaseBlocks: LeaseBlockObject[];
  @Field() lastHeartbeatAt: Date;
  @Field(() => Int) jobsDone: number;
  @Field(() => Float) gpuSeconds: number;
}

@Resolver(() => PreviewBatchObject)
export class PreviewBatchResolver {
  constructor(
    private readonly previews: PreviewJobService,
    private readonly stats: QueueStatsService,
    private readonly reports: WorkerReportService,
  ) {}

  @Mutation(() => PreviewBatchObject)
  @Roles('DESIGNER', 'REVIEWER', 'ADMIN')
  async requestPreviews(@CurrentUser() user: AuthUser, @Args('input') input: RequestPreviewsInput): Promise<PreviewBatchObject> {
    return toPreviewBatchObject(await this.previews.requestPreviews(user, input));
  }

  @Query(() => PreviewBatchObject, { nullable: true })
  @SignedIn()
  async previewBatch(@CurrentUser() user: AuthUser, @Args('id', { type: () => ID }) id: string): Promise<PreviewBatchObject> {
    return toPreviewBatchObject(await this.previews.getBatch(user, id));
  }

  @Mutation(() => PreviewJobObject, {
    description:
      'Cancels a queued or rendering preview. The person who asked for it, the template owner and admins may; another reviewer of a submitted version gets FORBIDDEN. ' +
      'Cancelling a cancelled job changes nothing; a finished or failed one is INVALID_STATE_TRANSITION.',
  })
  @Roles('DESIGNER', 'REVIEWER', 'ADMIN')
  async cancelPreviewJob(@CurrentUser() user: AuthUser, @Args('id', { type: () => ID }) id: string): Promise<PreviewJobObject> {
    return toPreviewJobObject(await this.previews.changeJob(user, id, 'cancel'));
  }

  @Mutation(() => PreviewJobObject, {
    description:
      'Renders a FAILED, DEAD or CANCELLED preview again: back to QUEUED with its attempts reset, at its priority. The person who asked for it and the template owner may ' +
      '(admins any); another reviewer of a submitted version gets FORBIDDEN. It counts against the queue quota of the person who asked for it (QUOTA_EXCEEDED). ' +
      'INVALID_STATE_TRANSITION (extensions.refusal) when it is queued, rendering or done, shows an earlier state of a draft (SPEC_CHANGED), or its face was removed, changed or can no longer be previewed.',
  })
  @Roles('DESIGNER', 'REVIEWER', 'ADMIN')
  async retryPreviewJob(@CurrentUser() user: AuthUser, @Args('id', { type: () => ID }) id: string): Promise<PreviewJobObject> {
    return toPreviewJobObject(await this.previews.changeJob(user, id, 'retry'));
  }

  @Query(() => QueueStatsObject)
  @Roles('ADMIN')
  queueStats(): Promise<QueueStatsObject> {
    return this.stats.queueStats();
  }

  @Query(() => [WorkerObject])
  @Roles('ADMIN')
  async workers(): Promise<WorkerObject[]> {
    return (await this.reports.workers()).map((w) => ({ ...w, capabilities: w.capabilities ? toWorkerCapabilitiesObject(w.capabilities) : null }));
  }

  @ResolveField(() => [PreviewJobObject])
  async jobs(@Parent() batch: PreviewBatchObject): Promise<PreviewJobObject[]> {
    return (await this.previews.jobsOfBatch(batch.id)).map(toPreviewJobObject);
  }
}

@Resolver(() => QueueStatsObject)
export class QueueStatsResolver {
  constructor(private readonly reports: WorkerReportService) {}

  @ResolveField(() => [UnrunnableQueueObject], { description: 'Queued previews that no online worker can run now, per backend and base model, with why. Empty when every queued job has a worker able to run it.' })
  unrunnable(): Promise<UnrunnableQueueObject[]> {
    return this.reports.unrunnableQueues();
  }
}

@Resolver(() => TemplateVersionObject)
export class VersionPreviewsResolver {
  // Whoever may see the version may see its previews (reviewers only reach frozen versions).
  @ResolveField(() => [PreviewJobObject], {
    description:
      'The previews of this exact spec at one likeness end (default DEFAULT), one per subject and seed (a finished render over a later attempt), by subject name then seed. ' +
      `At most \`first\` of them (1 to ${MAX_PREVIEWS_PER_VERSION}): every subject's first seed before any subject's second, so a cut list still shows each subject; previewCount says how many there are in all. ` +
      'A render at the max never takes the place of the default one: ask with likenessEnd: MAX for those (reviewers see both ends side by side).',
  })
  async previews(
    @Parent() v: TemplateVersionObject,
    @Context() ctx: GqlContext,
    @Args('first', { type: () => Int, nullable: true, defaultValue: DEFAULT_PREVIEWS_PER_VERSION }) first: number | null,
    @Args('likenessEnd', { type: () => LikenessEndEnum, nullable: true, defaultValue: LikenessEndEnum.DEFAULT }) likenessEnd: LikenessEnd | null,
  ): Promise<PreviewJobObject[]> {
    const size = pageSize(first, DEFAULT_PREVIEWS_PER_VERSION);
    return (await ctx.loaders.previewsOfSpec.load({ templateId: v.templateId, specHash: v.specHash, first: size, end: likenessEnd ?? 'DEFAULT' })).map(toPreviewJobObject);
  }

  @ResolveField(() => Int, { description: 'How many previews this exact spec has at one likeness end (default DEFAULT; one per subject and seed), whether or not `previews` lists them all.' })
  previewCount(
    @Parent() v: TemplateVersionObject,
    @Context() ctx: GqlContext,
    @Args('likenessEnd', { type: () => LikenessEndEnum, nullable: true, defaultValue: LikenessEndEnum.DEFAULT }) likenessEnd: LikenessEnd | null,
  ): Promise<number> {
    return ctx.loaders.previewCountOfSpec.load({ templateId: v.templateId, specHash: v.specHash, end: likenessEnd ?? 'DEFAULT' });
  }
}

@Resolver(() => PreviewJobObject)
export class PreviewJobResolver {
  constructor(private readonly storage: StorageService) {}

  @ResolveField(() => PreviewJobSubjectObject)
  async subject(@Parent() job: PreviewJobObject, @Context() ctx: GqlContext): Promise<PreviewJobSubjectObject> {
    const s = job.row.subjectId ? await ctx.loaders.previewSubjectById.load(job.row.subjectId) : null;
    // preview_jobs.subject_id references a subject, and subjects are retired, never deleted.
    if (!s) throw new Error(`Preview subject ${job.row.subjectId} of job ${job.id} is missing.`);
    return { id: s.id, name: s.name };
  }

  @ResolveField(() => String, { nullable: true, description: 'A short-lived link to the rendered image; null until rendered and once removed.' })
  async imageUrl(@Parent() job: PreviewJobObject, @Context() ctx: GqlContext): Promise<string | null> {
    return job.removed ? null : this.urlOf(ctx, job.row.outputAssetId);
  }

  @ResolveField(() => String, { nullable: true, description: 'A short-lived link to a small version of the image; null until rendered and once removed.' })
  async thumbnailUrl(@Parent() job: PreviewJobObject, @Context() ctx: GqlContext): Promise<string | null> {
    return job.removed ? null : this.urlOf(ctx, job.row.thumbnailAssetId);
  }

  @ResolveField(() => Int, { nullable: true, description: 'Jobs ahead of this one (queued jobs only).' })
  async queuePosition(@Parent() job: PreviewJobObject, @Context() ctx: GqlContext): Promise<number | null> {
    return job.row.state === 'QUEUED' ? (await ctx.loaders.queueFiguresOfJob.load(job.row)).position : null;
  }

  @ResolveField(() => Int, { nullable: true, description: 'Estimated seconds until done, from recent throughput.' })
  async etaSeconds(@Parent() job: PreviewJobObject, @Context() ctx: GqlContext): Promise<number | null> {
    return job.row.state === 'QUEUED' || job.row.state === 'LEASED' ? (await ctx.loaders.queueFiguresOfJob.load(job.row)).etaSeconds : null;
  }

  @ResolveField(() => Boolean, {
    description:
      'True while the job is queued and no online worker can render it now: none of its backend and base model is online, or none has what its graph needs ' +
      '(see waitingReason). It waits until one can (etaSeconds is then null). Lets the studio say why nothing happens.',
  })
  async waitingForWorker(@Parent() job: PreviewJobObject, @Context() ctx: GqlContext): Promise<boolean> {
    return job.row.state === 'QUEUED' ? (await ctx.loaders.queueFiguresOfJob.load(job.row)).waitingForWorker : false;
  }

  @ResolveField(() => PreviewWaitingReasonEnum, { nullable: true, description: 'Why the job waits for a worker (when waitingForWorker); null otherwise.' })
  async waitingReason(@Parent() job: PreviewJobObject, @Context() ctx: GqlContext): Promise<WaitingReason | null> {
    return job.row.state === 'QUEUED' ? (await ctx.loaders.queueFiguresOfJob.load(job.row)).waitingReason : null;
  }

  private async urlOf(ctx: GqlContext, assetId: string | null): Promise<string | null> {
    if (!assetId) return null;
    const asset = await ctx.loaders.assetById.load(assetId);
    return asset?.state === 'READY' ? this.storage.presignGet(asset.objectKey, 600) : null;
  }
}
