import { Args, ID, Resolver, Subscription } from '@nestjs/graphql';
import { SignedIn } from '../../common/access.decorator.js';
import { unwrapStreamValue, type StreamFailure } from '../../common/coalescing-stream.js';
import { CurrentUser } from '../../common/current-user.decorator.js';
import type { AuthUser } from '../../common/request-context.js';
import { PreviewJobEventsService } from './preview-job-events.service.js';
import { PreviewBatchObject, PreviewJobObject, toPreviewBatchObject, toPreviewJobObject } from './preview-job.resolver.js';
import { PreviewJobService } from './preview-job.service.js';

// Live preview updates over WebSocket (graphql-ws on /graphql). Who may subscribe is exactly who may
// read the same thing by query; a refusal is the query's error (NOT_FOUND, UNAUTHENTICATED), sent
// at once, and so is losing access later (then the subscription completes). Values are the objects
// the queries return, so their fields resolve exactly as there.
@Resolver()
export class PreviewSubscriptionResolver {
  constructor(
    private readonly previews: PreviewJobService,
    private readonly events: PreviewJobEventsService,
  ) {}

  @Subscription(() => PreviewBatchObject, {
    description: 'The batch with all its jobs: first as it is now, then again whenever one of its jobs changes state, progress or result (bursts are folded).',
    resolve: (value: PreviewBatchObject | StreamFailure) => unwrapStreamValue(value),
  })
  @SignedIn()
  async previewBatchUpdated(@CurrentUser() user: AuthUser, @Args('batchId', { type: () => ID }) batchId: string): Promise<AsyncIterableIterator<PreviewBatchObject | StreamFailure>> {
    const batch = await this.previews.getBatch(user, batchId);
    // Each value re-checks access, as previewBatch would.
    return this.events.watchBatch(batch.id, async () => toPreviewBatchObject(await this.previews.getBatch(user, batch.id)));
  }

  @Subscription(() => PreviewJobObject, {
    description: 'Each preview job of the template that changes state, progress or result, from now on. Reviewers see jobs of frozen versions only.',
    resolve: (value: PreviewJobObject | StreamFailure) => unwrapStreamValue(value),
  })
  @SignedIn()
  async templatePreviewsUpdated(@CurrentUser() user: AuthUser, @Args('templateId', { type: () => ID }) templateId: string): Promise<AsyncIterableIterator<PreviewJobObject | StreamFailure>> {
    const scope = await this.previews.getTemplateFeedScope(user, templateId);
    return this.events.watchTemplate(scope.templateId, async (jobIds, missedSince) => (await this.previews.changedJobsOfTemplate(scope, jobIds, missedSince)).map(toPreviewJobObject));
  }
}
