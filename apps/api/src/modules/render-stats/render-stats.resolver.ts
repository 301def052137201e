import { Args, ID, Query, Resolver } from '@nestjs/graphql';
import { SignedIn } from '../../common/access.decorator.js';
import { CurrentUser } from '../../common/current-user.decorator.js';
import type { AuthUser } from '../../common/request-context.js';
import { TemplateRenderStatsObject } from './render-stats.object.js';
import { RenderStatsService, type TemplateRenderStatsView } from './render-stats.service.js';
import { MAX_RENDER_STATS_DAYS } from './render-stats-window.js';

@Resolver(() => TemplateRenderStatsObject)
export class RenderStatsResolver {
  constructor(private readonly renderStats: RenderStatsService) {}

  @Query(() => TemplateRenderStatsObject, {
    description:
      "How a template's published versions do with consumer apps' hosted renders, per version and per UTC day, from and to YYYY-MM-DD (both included, at most " +
      `${MAX_RENDER_STATS_DAYS} days). For the template's owner, the co-authors of its revenue agreements and admins; anyone else gets NOT_FOUND, as from template(id). Counts and waits only.`,
  })
  @SignedIn()
  templateRenderStats(
    @CurrentUser() user: AuthUser,
    @Args('templateId', { type: () => ID }) templateId: string,
    @Args('from', { description: 'The first UTC day, YYYY-MM-DD.' }) from: string,
    @Args('to', { description: 'The last UTC day, YYYY-MM-DD, included.' }) to: string,
  ): Promise<TemplateRenderStatsView> {
    return this.renderStats.templateRenderStats(user, templateId, from, to);
  }
}
