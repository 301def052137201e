import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { ApiKeyOrSignedIn, Roles } from '../../common/access.decorator.js';
import { CurrentUser } from '../../common/current-user.decorator.js';
import type { AuthUser } from '../../common/request-context.js';
import { CreateTemplateCategoryInput, TemplateCategoryObject, UpdateTemplateCategoryInput, toTemplateCategoryObject } from './template-category.object.js';
import { TemplateCategoryService } from './template-category.service.js';

@Resolver(() => TemplateCategoryObject)
export class TemplateCategoryResolver {
  constructor(private readonly categories: TemplateCategoryService) {}

  @Query(() => [TemplateCategoryObject], { description: 'The categories admins keep, by position then name (x-api-key with catalog:read, or any signed-in studio user). Archived ones only with includeArchived.' })
  @ApiKeyOrSignedIn('catalog:read')
  async templateCategories(@Args('includeArchived', { type: () => Boolean, nullable: true }) includeArchived?: boolean): Promise<TemplateCategoryObject[]> {
    return (await this.categories.list(includeArchived ?? false)).map(toTemplateCategoryObject);
  }

  @Mutation(() => TemplateCategoryObject, { description: 'Adds a category (admins).' })
  @Roles('ADMIN')
  async createTemplateCategory(@CurrentUser() user: AuthUser, @Args('input') input: CreateTemplateCategoryInput): Promise<TemplateCategoryObject> {
    return toTemplateCategoryObject(await this.categories.create(user, input));
  }

  @Mutation(() => TemplateCategoryObject, { description: 'Renames, reorders, archives or restores a category (admins). Its key never changes.' })
  @Roles('ADMIN')
  async updateTemplateCategory(@CurrentUser() user: AuthUser, @Args('input') input: UpdateTemplateCategoryInput): Promise<TemplateCategoryObject> {
    return toTemplateCategoryObject(await this.categories.update(user, input));
  }
}
