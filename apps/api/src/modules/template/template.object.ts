import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Connection } from '../../common/connection.js';
import { JSONScalar } from '../../common/graphql-scalars.js';
import type { TemplateEntity } from './template.entity.js';
import type { TemplateVersionEntity } from './template-version.entity.js';
import type { TemplateStandingState } from './template-standing.js';
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
  // Title, description, category and tags as frozen at submission; null for a draft (see metadata).
  frozenMetadata: { title: string; description: string; category: string | null; tags: string[] } | null;
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
    frozenMetadata: row.title === null ? null : { title: row.title, description: row.description ?? '', category: row.category, tags: row.tags ?? [] },
  };
}

export enum TemplateStandingStateEnum {
  DRAFT_ONLY = 'DRAFT_ONLY',
  IN_REVIEW = 'IN_REVIEW',
  CHANGES_REQUESTED = 'CHANGES_REQUESTED',
  REJECTED = 'REJECTED',
  APPROVED = 'APPROVED',
  PUBLISHED = 'PUBLISHED',
  UNPUBLISHED = 'UNPUBLISHED',
}
registerEnumType(TemplateStandingStateEnum, {
  name: 'TemplateStandingState',
  description: 'Where a template stands, decided by its newest submitted version (a draft on top of it does not change it).',
  valuesMap: {
    DRAFT_ONLY: { description: 'Never submitted: only the draft exists.' },
    IN_REVIEW: { description: 'The newest submitted version waits for a reviewer.' },
    CHANGES_REQUESTED: { description: 'The reviewer sent the newest submitted version back; reviewNote says what to change.' },
    REJECTED: { description: 'The reviewer rejected the newest submitted version; reviewNote says why.' },
    APPROVED: { description: 'The newest submitted version is approved and waits for its owner to publish it.' },
    PUBLISHED: { description: 'Apps get the version versionNumber.' },
    UNPUBLISHED: { description: 'Was published (last as versionNumber) and has been taken out of the catalog.' },
  },
});

@ObjectType('TemplateStanding', {
  description:
    'Where a template stands, for lists and headers: in review, changes requested (with the reviewer\'s note), approved and waiting to be ' +
    'published, published (which version), unpublished, or a draft that was never submitted. Computed from the versions and reviews ' +
    '(batched per request: a page of templates costs one query). Reviewers only ever see templates with a submitted version, so never DRAFT_ONLY.',
})
export class TemplateStandingObject {
  @Field(() => TemplateStandingStateEnum) state: TemplateStandingState;
  @Field(() => ID, { description: 'The version the state is about: the submitted or decided one, the published one, the one last published (UNPUBLISHED) or the draft (DRAFT_ONLY).' })
  versionId: string;
  @Field(() => Int, { description: 'The number of that version.' }) versionNumber: number;
  @Field(() => String, {
    nullable: true,
    description: "The reviewer's note when a review decided the state (CHANGES_REQUESTED, REJECTED, APPROVED): the general comment of the newest review, else its first pinned comment; null otherwise or without comments.",
  })
  reviewNote: string | null;
  @Field(() => Date, { nullable: true, description: 'When the reviewer decided (CHANGES_REQUESTED, REJECTED, APPROVED); null otherwise.' }) decidedAt: Date | null;
  @Field(() => Int, { nullable: true, description: 'The version apps get now, whatever the state (e.g. version 2 stays live while version 3 is in review); null when none is.' })
  publishedVersionNumber: number | null;
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
