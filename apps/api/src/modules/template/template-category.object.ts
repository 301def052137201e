import { Field, InputType, Int, ObjectType } from '@nestjs/graphql';
import type { TemplateCategoryEntity } from './template-category.entity.js';

@ObjectType('TemplateCategory', { description: 'A category admins keep. Templates, versions and the catalog store its key; show its name in the reader\'s language.' })
export class TemplateCategoryObject {
  @Field({ description: 'Stable: lower-case letters, digits and -. What Template.category, CatalogTemplate.category and CatalogFilter.category hold.' }) key: string;
  @Field({ description: 'The English name.' }) name: string;
  @Field({ description: 'The Chinese name; empty when none was given (show the English name then).' }) nameZh: string;
  @Field(() => Int, { description: 'Lists sort by position, then by name.' }) position: number;
  @Field({ description: 'No template can newly pick an archived category; templates and published versions already in it keep it.' }) archived: boolean;
  @Field(() => Date, { nullable: true }) archivedAt: Date | null;
}

export function toTemplateCategoryObject(row: TemplateCategoryEntity): TemplateCategoryObject {
  return { key: row.key, name: row.name, nameZh: row.nameZh, position: row.position, archived: row.archivedAt !== null, archivedAt: row.archivedAt };
}

@InputType()
export class CreateTemplateCategoryInput {
  @Field({ description: 'The English name, 1 to 60 characters.' }) name: string;
  @Field(() => String, { nullable: true, description: 'The Chinese name, at most 60 characters.' }) nameZh?: string | null;
  @Field(() => String, { nullable: true, description: 'The stable key; made from the English name when left out (e.g. "Business portrait" -> business-portrait).' }) key?: string | null;
  @Field(() => Int, { nullable: true, description: 'Defaults to after the last category.' }) position?: number | null;
}

@InputType()
export class UpdateTemplateCategoryInput {
  @Field({ description: 'Which category (keys never change).' }) key: string;
  @Field(() => String, { nullable: true }) name?: string | null;
  @Field(() => String, { nullable: true }) nameZh?: string | null;
  @Field(() => Int, { nullable: true }) position?: number | null;
  @Field(() => Boolean, { nullable: true, description: 'true archives it, false brings it back.' }) archived?: boolean | null;
}

@ObjectType('TemplateMetadata', { description: "A version's title, description, category and tags: copied from the template when the version is submitted and frozen with it (what reviewers approve is what apps see). For a draft, the template's working copy." })
export class TemplateMetadataObject {
  @Field() title: string;
  @Field() description: string;
  @Field(() => String, { nullable: true, description: 'A TemplateCategory key.' }) category: string | null;
  @Field(() => [String]) tags: string[];
  @Field({ description: 'True once frozen with a submitted version; false for a draft (it follows the template until submitted).' }) frozen: boolean;
}
