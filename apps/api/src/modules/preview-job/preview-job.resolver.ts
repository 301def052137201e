import { Args, Context, Field, Float, ID, InputType, Int, Mutation, ObjectType, Parent, Query, ResolveField, Resolver, registerEnumType } from '@nestjs/graphql';
import type { PreviewJobState, PreviewPriority } from '@atelier/preview-job';
import { Roles, SignedIn } from '../../common/access.decorator.js';
import { pageSize } from '../../common/connection.js';
import { CurrentUser } from '../../common/current-user.decorator.js';
import type { AuthUser, GqlContext } from '../../common/request-context.js';
import { StorageService } from '../asset/storage.service.js';
import { TemplateVersionObject } from '../template/template.object.js';
import type { LikenessEnd, PreviewBatchEntity, PreviewJobEntity } from './preview-job.entity.js';
import { PreviewJobService } from './preview-job.service.js';
import { QueueStatsService } from './queue-stats.service.js';
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
  BULK = 'BULK',
}
registerEnumType(PreviewPriorityEnum, { name: 'PreviewPriority', description: 'Reviewer re-renders > interactive designer previews > bulk.' });

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

@ObjectType('QueueStats')
export class QueueStatsObject {
  @Field(() => [QueueDepthObject]) depth: QueueDepthObject[];
  @Field(() => Float, { description: 'Seconds per finished render, over the last 50.' }) recentSecondsPerJob: number;
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
  @Field() lastHeartbeatAt: Date;
  @Field(() => Int) jobsDone: number;
  @Field(() => Float) gpuSeconds: number;
}

@Resolver(() => PreviewBatchObject)
export class PreviewBatchResolver {
  constructor(
    private readonly previews: PreviewJobService,
    private readonly stats: QueueStatsService,
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
  workers(): Promise<WorkerObject[]> {
    return this.stats.workers();
  }

  @ResolveField(() => [PreviewJobObject])
  async jobs(@Parent() batch: PreviewBatchObject): Promise<PreviewJobObject[]> {
    return (await this.previews.jobsOfBatch(batch.id)).map(toPreviewJobObject);
  }
}

@Resolver(() => TemplateVersionObject)
export class VersionPreviewsResolver {
  // Whoever may see the version may see its previews (reviewers only reach frozen versions).
  @ResolveField(() => [PreviewJobObject], {
    description:
      'The previews of this exact spec, one per subject and seed (a finished render over a later attempt), by subject name then seed. ' +
      `At most \`first\` of them (1 to ${MAX_PREVIEWS_PER_VERSION}): every subject's first seed before any subject's second, so a cut list still shows each subject; previewCount says how many there are in all.`,
  })
  async previews(
    @Parent() v: TemplateVersionObject,
    @Context() ctx: GqlContext,
    @Args('first', { type: () => Int, nullable: true, defaultValue: DEFAULT_PREVIEWS_PER_VERSION }) first: number | null,
  ): Promise<PreviewJobObject[]> {
    const size = pageSize(first, DEFAULT_PREVIEWS_PER_VERSION);
    return (await ctx.loaders.previewsOfSpec.load({ templateId: v.templateId, specHash: v.specHash, first: size })).map(toPreviewJobObject);
  }

  @ResolveField(() => Int, { description: 'How many previews this exact spec has (one per subject and seed), whether or not `previews` lists them all.' })
  previewCount(@Parent() v: TemplateVersionObject, @Context() ctx: GqlContext): Promise<number> {
    return ctx.loaders.previewCountOfSpec.load({ templateId: v.templateId, specHash: v.specHash });
  }
}

@Resolver(() => PreviewJobObject)
export class PreviewJobResolver {
  constructor(private readonly storage: StorageService) {}

  @ResolveField(() => PreviewJobSubjectObject)
  async subject(@Parent() job: PreviewJobObject, @Context() ctx: GqlContext): Promise<PreviewJobSubjectObject> {
    const s = await ctx.loaders.previewSubjectById.load(job.row.subjectId);
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

  @ResolveField(() => Boolean, { description: 'True while the job is queued and no online worker of its backend renders its base model: it waits until one connects (etaSeconds is then null). Lets the studio say why nothing happens.' })
  async waitingForWorker(@Parent() job: PreviewJobObject, @Context() ctx: GqlContext): Promise<boolean> {
    return job.row.state === 'QUEUED' ? (await ctx.loaders.queueFiguresOfJob.load(job.row)).waitingForWorker : false;
  }

  private async urlOf(ctx: GqlContext, assetId: string | null): Promise<string | null> {
    if (!assetId) return null;
    const asset = await ctx.loaders.assetById.load(assetId);
    return asset?.state === 'READY' ? this.storage.presignGet(asset.objectKey, 600) : null;
  }
}
