import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { JSONScalar } from '../../../common/graphql-scalars.js';
import { BaseModelEnum, VersionStateEnum } from '../template.object.js';
import type { VersionState } from '../version-lifecycle.js';

@InputType()
export class CreateTemplateInput {
  @Field() title: string;
  @Field(() => String, { nullable: true }) description?: string | null;
  @Field(() => [String], { nullable: true }) tags?: string[] | null;
  @Field(() => String, { nullable: true }) category?: string | null;
  @Field(() => BaseModelEnum) baseModel: 'sd15' | 'sdxl';
  @Field(() => JSONScalar, { nullable: true, description: 'Optional starting spec; a sensible default portrait otherwise.' })
  spec?: unknown;
}

@InputType()
export class UpdateTemplateInput {
  @Field(() => ID) templateId: string;
  @Field(() => String, { nullable: true }) title?: string | null;
  @Field(() => String, { nullable: true }) description?: string | null;
  @Field(() => [String], { nullable: true }) tags?: string[] | null;
  @Field(() => String, { nullable: true }) category?: string | null;
}

@InputType()
export class SaveDraftInput {
  @Field(() => ID) templateId: string;
  @Field(() => JSONScalar) spec: unknown;
  @Field(() => Int) baseRevision: number;
}

@InputType()
export class TemplateFilter {
  @Field(() => String, { nullable: true }) search?: string | null;
  @Field(() => [String], { nullable: true }) tags?: string[] | null;
  @Field(() => BaseModelEnum, { nullable: true }) baseModel?: 'sd15' | 'sdxl' | null;
  @Field(() => VersionStateEnum, { nullable: true, description: "Only templates whose newest version is in this state (DRAFT: being edited, SUBMITTED: in review, …)." })
  state?: VersionState | null;
}
