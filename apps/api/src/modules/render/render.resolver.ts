import { Args, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { ApiKeyAccess } from '../../common/access.decorator.js';
import { CurrentApiKey } from '../../common/current-user.decorator.js';
import type { ApiKeyPrincipal } from '../../common/request-context.js';
import { CreateRenderInput, RenderConnection, RenderObject, RenderStateEnum, WebhookDeliveryObject } from './render.object.js';
import { RenderService } from './render.service.js';
import { WebhookDeliveryService } from './webhook-delivery.service.js';

// Hosted renders for consumer apps: every operation takes an API key with RENDER, and sees only its app's renders.
@Resolver(() => RenderObject)
export class RenderResolver {
  constructor(
    private readonly service: RenderService,
    private readonly webhooks: WebhookDeliveryService,
  ) {}

  @Mutation(() => RenderObject, {
    description:
      "Renders a published (or pinned, superseded) version with one of the app's end-user identities on Atelier's GPU pool, in the CONSUMER class. " +
      'Refused with LIKENESS_OUT_OF_RANGE, UNKNOWN_SLOT_VALUE, IDENTITY_KIND_MISMATCH, BAD_USER_INPUT (seed, webhook, price), NOT_FOUND (version or identity) or QUOTA_EXCEEDED.',
  })
  @ApiKeyAccess('render')
  createRender(@CurrentApiKey() app: ApiKeyPrincipal, @Args('input') input: CreateRenderInput): Promise<RenderObject> {
    return this.service.createRender(app, input);
  }

  @Query(() => RenderObject, { description: "One of the app's renders; another app's is NOT_FOUND." })
  @ApiKeyAccess('render')
  render(@CurrentApiKey() app: ApiKeyPrincipal, @Args('id', { type: () => ID }) id: string): Promise<RenderObject> {
    return this.service.getRender(app, id);
  }

  @Mutation(() => RenderObject, { description: 'Cancels a QUEUED or RUNNING render (no webhook, nothing metered); a finished one is INVALID_STATE_TRANSITION.' })
  @ApiKeyAccess('render')
  cancelRender(@CurrentApiKey() app: ApiKeyPrincipal, @Args('id', { type: () => ID }) id: string): Promise<RenderObject> {
    return this.service.cancelRender(app, id);
  }

  @Query(() => RenderConnection, { description: "The app's renders, newest first (optionally of one state)." })
  @ApiKeyAccess('render')
  renders(
    @CurrentApiKey() app: ApiKeyPrincipal,
    @Args('first', { type: () => Int, nullable: true }) first: number | null,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
    @Args('state', { type: () => RenderStateEnum, nullable: true }) state: RenderStateEnum | null,
  ): Promise<RenderConnection> {
    return this.service.listRenders(app, first, after, state) as Promise<RenderConnection>;
  }

  @ResolveField(() => Int, { nullable: true, description: 'Jobs ahead of it in the queue while QUEUED; null otherwise.' })
  async queuePosition(@Parent() render: RenderObject): Promise<number | null> {
    return (await this.service.queueFiguresOf(render)).position;
  }

  @ResolveField(() => Int, { nullable: true, description: 'Estimated seconds until done while QUEUED or RUNNING; null when no GPU able to render it is online, and once finished.' })
  async etaSeconds(@Parent() render: RenderObject): Promise<number | null> {
    return (await this.service.queueFiguresOf(render)).etaSeconds;
  }

  @Query(() => [WebhookDeliveryObject], { description: "A render's webhook events and every attempt to deliver them." })
  @ApiKeyAccess('render')
  webhookDeliveries(@CurrentApiKey() app: ApiKeyPrincipal, @Args('renderId', { type: () => ID }) renderId: string): Promise<WebhookDeliveryObject[]> {
    return this.webhooks.deliveriesOf(app, renderId);
  }
}
