import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Connection } from '../../common/connection.js';
import { JSONScalar } from '../../common/graphql-scalars.js';
import type { TemplateEntity } from './template.entity.js';
import type { TemplateVersionEntity } from './template-version.entity.js';
import type { VersionState } from './version-lifecycle.js';

export enum BaseModelEnum {
  SD15 = 'sd15',
  SDXL = 'sdxl',
}
registerEnumType(BaseModelEnum, { name: 'BaseModel' });

export enum VersionStateEnum {
  DRAFT = 'DRAFT',
  SUBMITTED = 'SUBMITTED',
  CHANGES_REQUESTED = 'CHANGES_REQUESTED',
  REJECTED = 'REJECTED',
  APPROVED = 'APPROVED',
  PUBLISHED = 'PUBLISHED',
  SUPERSEDED = 'SUPERSEDED',
}
registerEnumType(VersionStateEnum, { name: 'VersionState' });

@ObjectType('TemplateVersion')
export class TemplateVersionObject {
  @Field(() => ID) id: string;
  @Field(() => ID) templateId: string;
  @Field(() => Int) number: number;
  @Field(() => VersionStateEnum) state: VersionState;
  @Field(() => Int, { description: 'Increases with every saved change of the template; pass it back as baseRevision.' })
  revision: number;
  @Field(() => JSONScalar) spec: unknown;
  @Field() specHash: string;
  authorId: string;
  @Field() createdAt: Date;
  @Field() updatedAt: Date;
  @Field(() => Date, { nullable: true }) submittedAt: Date | null;
  @Field(() => Date, { nullable: true }) decidedAt: Date | null;
  @Field(() => Date, { nullable: true }) publishedAt: Date | null;
}

export function toTemplateVersionObject(row: TemplateVersionEntity): TemplateVersionObject {
  return {
    id: row.id,
    templateId: row.templateId,
    number: row.number,
    state: row.state,
    revision: row.revision,
    spec: row.spec,
    specHash: row.specHash,
    authorId: row.authorId,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    submittedAt: row.submittedAt,
    decidedAt: row.decidedAt,
    publishedAt: row.publishedAt,
  };
}

@ObjectType('Template')
export class TemplateObject {
  @Field(() => ID) id: string;
  @Field() title: string;
  @Field() description: string;
  @Field(() => [String]) tags: string[];
  @Field(() => String, { nullable: true }) category: string | null;
  @Field(() => BaseModelEnum) baseModel: 'sd15' | 'sdxl';
  @Field(() => Int, { description: 'The revision of the newest version; saveDraft expects it as baseRevision.' })
  headRevision: number;
  ownerId: string;
  publishedVersionId: string | null;
  @Field(() => Date, { nullable: true }) publishedAt: Date | null;
  @Field() createdAt: Date;
  @Field() updatedAt: Date;
}

export function toTemplateObject(row: TemplateEntity): TemplateObject {
  return {
    id: row.id,
    title: row.title,
    description: row.description,
    tags: row.tags,
    category: row.category,
    baseModel: row.baseModel,
    headRevision: row.headRevision,
    ownerId: row.ownerId,
    publishedVersionId: row.publishedVersionId,
    publishedAt: row.publishedAt,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

@ObjectType('TemplateConnection')
export class TemplateConnection extends Connection(TemplateObject, 'Template') {}

@ObjectType('TemplateVersionConnection')
export class TemplateVersionConnection extends Connection(TemplateVersionObject, 'TemplateVersion') {}
