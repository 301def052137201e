import { Args, Context, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { diffSpecs, type TemplateSpec } from '@atelier/template-spec';
import { Roles, SignedIn } from '../../common/access.decorator.js';
import { pageSize, toConnection } from '../../common/connection.js';
import { CurrentUser } from '../../common/current-user.decorator.js';
import { JSONScalar } from '../../common/graphql-scalars.js';
import { notFound } from '../../common/app-error.js';
import { hasRole, type AuthUser, type GqlContext } from '../../common/request-context.js';
import { UserObject, toUserObject } from '../user/user.object.js';
import { ComfyGraphService } from '../comfy-graph/comfy-graph.service.js';
import { CreateTemplateInput, SaveDraftInput, TemplateFilter, UpdateTemplateInput } from './dto/template.inputs.js';
import { TemplateConnection, TemplateObject, TemplateStandingObject, TemplateVersionConnection, TemplateVersionObject, toTemplateObject, toTemplateVersionObject } from './template.object.js';
import { TemplateService } from './template.service.js';
import { TemplateMetadataObject } from './template-category.object.js';

function viewerOf(ctx: GqlContext): AuthUser | undefined {
  return ctx.req.user;
}

@Resolver(() => TemplateObject)
export class TemplateResolver {
  constructor(private readonly templateService: TemplateService) {}

  @Query(() => TemplateConnection, { description: "The signed-in user's own templates, most recently changed first." })
  @SignedIn()
  async templates(
    @CurrentUser() user: AuthUser,
    @Args('first', { type: () => Int, nullable: true }) first?: number,
    @Args('after', { type: () => String, nullable: true }) after?: string,
    @Args('filter', { type: () => TemplateFilter, nullable: true }) filter?: TemplateFilter,
  ): Promise<TemplateConnection> {
    const limit = pageSize(first);
    const { rows, totalCount } = await this.templateService.listOwnedTemplates({ ownerId: user.id, limit, after, search: filter?.search, tags: filter?.tags, baseModel: filter?.baseModel, state: filter?.state });
    return toConnection(rows.map(toTemplateObject), limit, totalCount, (t) => t.updatedAt.toISOString());
  }

  @Query(() => TemplateObject, { nullable: true })
  @SignedIn()
  async template(@CurrentUser() user: AuthUser, @Args('id', { type: () => ID }) id: string): Promise<TemplateObject> {
    return toTemplateObject(await this.templateService.getTemplateForUser(user, id));
  }

  @Query(() => TemplateVersionObject, { nullable: true })
  @SignedIn()
  async templateVersion(@CurrentUser() user: AuthUser, @Args('id', { type: () => ID }) id: string): Promise<TemplateVersionObject> {
    return toTemplateVersionObject(await this.templateService.getVersionForUser(user, id));
  }

  @Query(() => TemplateVersionConnection, { description: 'Versions waiting for review, oldest first.' })
  @Roles('REVIEWER', 'ADMIN')
  async reviewQueue(
    @Args('first', { type: () => Int, nullable: true }) first?: number,
    @Args('after', { type: () => String, nullable: true }) after?: string,
  ): Promise<TemplateVersionConnection> {
    const limit = pageSize(first);
    const { rows, totalCount } = await this.templateService.listReviewQueue(limit, after);
    return toConnection(rows.map(toTemplateVersionObject), limit, totalCount, (v) => v.submittedAt!.toISOString());
  }

  @Mutation(() => TemplateObject)
  @Roles('DESIGNER', 'ADMIN')
  async createTemplate(@CurrentUser() user: AuthUser, @Args('input') input: CreateTemplateInput): Promise<TemplateObject> {
    return toTemplateObject(await this.templateService.createTemplate(user, input));
  }

  @Mutation(() => TemplateObject, {
    description: "Copies a template the caller owns (or any, for admins) into a new template the caller owns: its draft starts from the source's newest version's spec, with the same base model, description, tags and category. The title defaults to \"<source title> (copy)\".",
  })
  @Roles('DESIGNER', 'ADMIN')
  async duplicateTemplate(
    @CurrentUser() user: AuthUser,
    @Args('templateId', { type: () => ID }) templateId: string,
    @Args('title', { type: () => String, nullable: true }) title?: string,
  ): Promise<TemplateObject> {
    return toTemplateObject(await this.templateService.duplicateTemplate(user, templateId, title));
  }

  @Mutation(() => TemplateObject)
  @Roles('DESIGNER', 'ADMIN')
  async updateTemplate(@CurrentUser() user: AuthUser, @Args('input') input: UpdateTemplateInput): Promise<TemplateObject> {
    return toTemplateObject(await this.templateService.updateTemplate(user, input));
  }

  @Mutation(() => TemplateVersionObject)
  @Roles('DESIGNER', 'ADMIN')
  async saveDraft(@CurrentUser() user: AuthUser, @Args('input') input: SaveDraftInput): Promise<TemplateVersionObject> {
    return toTemplateVersionObject(await this.templateService.saveDraft(user, input));
  }

  @Mutation(() => TemplateVersionObject, {
    description:
      'Sends a draft to review (owner or admin). Every consenting face that can render its base model needs a finished preview of this exact spec at the likeness default (PREVIEWS_MISSING otherwise); ' +
      'renders at the likeness max are shown to reviewers beside them but not required.',
  })
  @Roles('DESIGNER', 'ADMIN')
  async submitVersion(@CurrentUser() user: AuthUser, @Args('versionId', { type: () => ID }) versionId: string): Promise<TemplateVersionObject> {
    return toTemplateVersionObject(await this.templateService.submitVersion(user, versionId));
  }

  @Mutation(() => TemplateVersionObject)
  @Roles('DESIGNER', 'ADMIN')
  async publishVersion(@CurrentUser() user: AuthUser, @Args('versionId', { type: () => ID }) versionId: string): Promise<TemplateVersionObject> {
    return toTemplateVersionObject(await this.templateService.publishVersion(user, versionId));
  }

  @Mutation(() => TemplateObject)
  @Roles('DESIGNER', 'ADMIN')
  async unpublishTemplate(@CurrentUser() user: AuthUser, @Args('templateId', { type: () => ID }) templateId: string): Promise<TemplateObject> {
    return toTemplateObject(await this.templateService.unpublishTemplate(user, templateId));
  }

  @Mutation(() => TemplateObject)
  @Roles('DESIGNER', 'ADMIN')
  async rollbackTemplate(
    @CurrentUser() user: AuthUser,
    @Args('templateId', { type: () => ID }) templateId: string,
    @Args('versionId', { type: () => ID }) versionId: string,
  ): Promise<TemplateObject> {
    return toTemplateObject(await this.templateService.rollbackTemplate(user, templateId, versionId));
  }

  @ResolveField(() => UserObject)
  async owner(@Parent() t: TemplateObject, @Context() ctx: GqlContext): Promise<UserObject> {
    return toUserObject((await ctx.loaders.userById.load(t.ownerId))!);
  }

  @ResolveField(() => TemplateVersionObject, { nullable: true, description: 'The editable draft (owner and admins only).' })
  async draft(@Parent() t: TemplateObject, @Context() ctx: GqlContext): Promise<TemplateVersionObject | null> {
    const viewer = viewerOf(ctx);
    if (!viewer || (viewer.id !== t.ownerId && !viewer.roles.includes('ADMIN'))) return null;
    const draft = await ctx.loaders.draftByTemplateId.load(t.id);
    return draft ? toTemplateVersionObject(draft) : null;
  }

  @ResolveField(() => [TemplateVersionObject], { description: 'Newest first. Reviewers see frozen versions only.' })
  async versions(@Parent() t: TemplateObject, @Context() ctx: GqlContext): Promise<TemplateVersionObject[]> {
    const viewer = viewerOf(ctx);
    const isEditor = !!viewer && (viewer.id === t.ownerId || viewer.roles.includes('ADMIN'));
    const versions = await ctx.loaders.versionsByTemplateId.load(t.id);
    return versions.filter((v) => isEditor || v.state !== 'DRAFT').map(toTemplateVersionObject);
  }

  @ResolveField(() => TemplateStandingObject, { description: 'Where the template stands (in review, changes requested, approved, published, ...); see TemplateStanding.' })
  async standing(@Parent() t: TemplateObject, @Context() ctx: GqlContext): Promise<TemplateStandingObject> {
    const standing = await ctx.loaders.standingOfTemplate.load(t.id);
    // The template row was just read, and templates are never deleted.
    if (!standing) throw new Error(`Template ${t.id} has no standing.`);
    return standing;
  }

  @ResolveField(() => TemplateVersionObject, { nullable: true })
  async publishedVersion(@Parent() t: TemplateObject, @Context() ctx: GqlContext): Promise<TemplateVersionObject | null> {
    if (!t.publishedVersionId) return null;
    const v = await ctx.loaders.versionById.load(t.publishedVersionId);
    return v ? toTemplateVersionObject(v) : null;
  }
}

@Resolver(() => TemplateVersionObject)
export class TemplateVersionResolver {
  constructor(
    private readonly comfyGraphs: ComfyGraphService,
    private readonly templateService: TemplateService,
  ) {}

  @ResolveField(() => TemplateObject, { description: 'The template this version belongs to (batched per request, so a page of versions costs one query for their templates).' })
  async template(@Parent() v: TemplateVersionObject, @Context() ctx: GqlContext): Promise<TemplateObject> {
    const template = await ctx.loaders.templateById.load(v.templateId);
    const viewer = viewerOf(ctx);
    if (!template || !viewer) throw notFound('Template', v.templateId);
    // The same rule as template(id): editors always; reviewers when the template has a frozen version.
    if (this.templateService.canEdit(viewer, template)) return toTemplateObject(template);
    if (hasRole(viewer, 'REVIEWER')) {
      const versions = await ctx.loaders.versionsByTemplateId.load(template.id);
      if (versions.some((sibling) => sibling.state !== 'DRAFT')) return toTemplateObject(template);
    }
    throw notFound('Template', v.templateId);
  }

  @ResolveField(() => TemplateMetadataObject, { description: "Title, description, category and tags: as frozen when the version was submitted; for a draft, the template's working copy." })
  async metadata(@Parent() v: TemplateVersionObject, @Context() ctx: GqlContext): Promise<TemplateMetadataObject> {
    if (v.frozenMetadata) return { ...v.frozenMetadata, frozen: true };
    // Whoever sees a draft may edit its template (drafts are for owners and admins only).
    const template = await ctx.loaders.templateById.load(v.templateId);
    if (!template) throw notFound('Template', v.templateId);
    return { title: template.title, description: template.description, category: template.category, tags: template.tags, frozen: false };
  }

  @ResolveField(() => JSONScalar, { description: "The ComfyUI API-format graph this version renders with; {{identityLora}}, {{identityTrigger}} (InstantID templates: {{facePhoto}} instead), {{likeness}} (from subject.likeness.default to .max), {{seed}} and the prompt slots are placeholders." })
  comfyGraph(@Parent() v: TemplateVersionObject, @Context() ctx: GqlContext): Promise<unknown> {
    return this.comfyGraphs.publishedGraph(v.spec as TemplateSpec, v.specHash, ctx.loaders);
  }

  @ResolveField(() => UserObject)
  async author(@Parent() v: TemplateVersionObject, @Context() ctx: GqlContext): Promise<UserObject> {
    return toUserObject((await ctx.loaders.userById.load(v.authorId))!);
  }

  @ResolveField(() => TemplateVersionObject, { nullable: true, description: 'The version numbered one less (null for the first), e.g. to show a reviewer what changed. Drafts only for their editors.' })
  async previousVersion(@Parent() v: TemplateVersionObject, @Context() ctx: GqlContext): Promise<TemplateVersionObject | null> {
    if (v.number === 1) return null;
    const previous = (await ctx.loaders.versionsByTemplateId.load(v.templateId)).find((s) => s.number === v.number - 1);
    // A version before this one is frozen unless this is a draft started from it; whoever sees a draft edits the template.
    return previous ? toTemplateVersionObject(previous) : null;
  }

  @ResolveField(() => [JSONScalar], { description: 'What changed since the previous version of the template (empty for the first).' })
  async changes(@Parent() v: TemplateVersionObject, @Context() ctx: GqlContext): Promise<unknown[]> {
    if (v.number === 1) return [];
    const siblings = await ctx.loaders.versionsByTemplateId.load(v.templateId);
    const previous = siblings.find((s) => s.number === v.number - 1);
    return previous ? diffSpecs(previous.spec as unknown as TemplateSpec, v.spec as TemplateSpec) : [];
  }
}
