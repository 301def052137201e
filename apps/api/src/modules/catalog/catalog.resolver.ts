import { Args, Context, ID, Int, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { likenessRangeOf, orderTriggerWords } from '@atelier/comfy-compile';
import { identityModeOf, type TemplateSpec } from '@atelier/template-spec';
import { JSONScalar } from '../../common/graphql-scalars.js';
import type { GqlContext } from '../../common/request-context.js';
import { ComfyGraphService } from '../comfy-graph/comfy-graph.service.js';
import { ApiKeyOrSignedIn } from '../../common/access.decorator.js';
import { pageSize } from '../../common/connection.js';
import { CatalogFilter, CatalogTemplateConnection, CatalogVersionObject, IdentityModeEnum, LikenessRangeObject } from './catalog.object.js';
import { CatalogService } from './catalog.service.js';
import { RenderRecipeService } from './render-recipe.service.js';

@Resolver()
export class CatalogResolver {
  constructor(private readonly catalogService: CatalogService) {}

  @Query(() => CatalogTemplateConnection, { description: 'Published templates for consumer apps (x-api-key with catalog:read); signed-in studio users read the same answer.' })
  @ApiKeyOrSignedIn('catalog:read')
  catalog(
    @Args('first', { type: () => Int, nullable: true }) first?: number,
    @Args('after', { type: () => String, nullable: true }) after?: string,
    @Args('filter', { type: () => CatalogFilter, nullable: true }) filter?: CatalogFilter,
  ): Promise<CatalogTemplateConnection> {
    return this.catalogService.page(pageSize(first), after, filter);
  }

  @Query(() => CatalogVersionObject, { nullable: true, description: 'A pinned version by id; published or superseded versions stay fetchable forever (x-api-key with catalog:read, or a signed-in studio user).' })
  @ApiKeyOrSignedIn('catalog:read')
  catalogVersion(@Args('id', { type: () => ID }) id: string): Promise<CatalogVersionObject | null> {
    return this.catalogService.version(id);
  }
}

/** What one recipe counts against GRAPHQL_MAX_COMPLEXITY (2,000 by default: a page of about 80). */
export const RECIPE_COMPLEXITY = 20;

@Resolver(() => CatalogVersionObject)
export class CatalogVersionResolver {
  constructor(
    private readonly comfyGraphs: ComfyGraphService,
    private readonly recipes: RenderRecipeService,
  ) {}

  @ResolveField(() => [String], { description: "The style LoRAs' trigger words the graph appends to the prompt, in that order (for showing what the style responds to)." })
  async triggerWords(@Parent() v: CatalogVersionObject, @Context() ctx: GqlContext): Promise<string[]> {
    const spec = v.spec as TemplateSpec;
    const loras = await Promise.all(spec.styleLoras.map((l) => ctx.loaders.loraById.load(l.loraId)));
    return orderTriggerWords(loras.map((lora) => lora?.triggerWords ?? []));
  }

  @ResolveField(() => LikenessRangeObject, { description: 'The range {{likeness}} (the identity LoRA strength) may take: start at default, raise towards max for "more like me".' })
  likeness(@Parent() v: CatalogVersionObject): LikenessRangeObject {
    const [low, high] = likenessRangeOf(v.spec as TemplateSpec);
    return { default: low, max: high };
  }

  @ResolveField(() => IdentityModeEnum, { description: 'How the graph takes the face: which placeholders to fill, and what {{likeness}} sets.' })
  identityMode(@Parent() v: CatalogVersionObject): IdentityModeEnum {
    return identityModeOf(v.spec as TemplateSpec) === 'instantid' ? IdentityModeEnum.INSTANTID : IdentityModeEnum.LORA;
  }

  @ResolveField(() => JSONScalar, {
    description:
      "The approved ComfyUI graph; fill {{identityLora}}, {{identityTrigger}} (the identity LoRA's trigger word, or nothing), {{likeness}} (a number within likeness), {{seed}}, {{subject}}, {{gender}} and {{age}} to run it. InstantID templates (spec subject.identity.mode `instantid`) have {{facePhoto}} (the user's face photo, uploaded to ComfyUI's input folder) instead of the two identity LoRA placeholders, and {{likeness}} is InstantID's weight.",
  })
  comfyGraph(@Parent() v: CatalogVersionObject, @Context() ctx: GqlContext): Promise<unknown> {
    return this.comfyGraphs.publishedGraph(v.spec as TemplateSpec, v.specHash, ctx.loaders);
  }

  // The first read of a version draws and stores its maps, so a page asks for a few dozen recipes at most.
  @ResolveField(() => JSONScalar, {
    complexity: RECIPE_COMPLEXITY,
    description:
      'Everything to render this version on your own ComfyUI (JSON Schema: /schemas/render-recipe.v1.json): the graph with each placeholder described (what fills it, the values or range it takes), every file the graph names with a link valid for at least an hour (until linksValidUntil), its SHA-256 and size (style LoRAs, pose and light maps), and the models it needs by name and, where known, SHA-256.',
  })
  recipe(@Parent() v: CatalogVersionObject, @Context() ctx: GqlContext): Promise<unknown> {
    return this.recipes.recipeOf(v, ctx.loaders);
  }
}
