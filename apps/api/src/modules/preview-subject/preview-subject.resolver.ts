import { Args, Field, ID, InputType, Mutation, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { Roles, SignedIn } from '../../common/access.decorator.js';
import { CurrentUser } from '../../common/current-user.decorator.js';
import type { AuthUser } from '../../common/request-context.js';
import type { PreviewSubjectEntity } from './preview-subject.entity.js';
import { PreviewSubjectService } from './preview-subject.service.js';

@ObjectType('PreviewSubject', { description: 'A consenting face whose identity LoRA renders previews.' })
export class PreviewSubjectObject {
  @Field(() => ID) id: string;
  @Field() name: string;
  @Field() active: boolean;
  @Field() consentExpiresAt: Date;
  @Field({ description: 'Active and consent not expired: usable for previews.' }) usable: boolean;
  @Field() createdAt: Date;
}

function toPreviewSubjectObject(row: PreviewSubjectEntity): PreviewSubjectObject {
  return { id: row.id, name: row.name, active: row.active, consentExpiresAt: row.consentExpiresAt, usable: row.active && row.consentExpiresAt.getTime() > Date.now(), createdAt: row.createdAt };
}

@InputType()
export class CreatePreviewSubjectInput {
  @Field() name: string;
  @Field(() => ID) identityLoraAssetId: string;
  @Field(() => ID) consentDocumentAssetId: string;
  @Field() consentExpiresAt: Date;
}

@Resolver(() => PreviewSubjectObject)
export class PreviewSubjectResolver {
  constructor(private readonly subjects: PreviewSubjectService) {}

  @Query(() => [PreviewSubjectObject])
  @SignedIn()
  async previewSubjects(): Promise<PreviewSubjectObject[]> {
    return (await this.subjects.list()).map(toPreviewSubjectObject);
  }

  @Mutation(() => PreviewSubjectObject)
  @Roles('ADMIN')
  async createPreviewSubject(@CurrentUser() user: AuthUser, @Args('input') input: CreatePreviewSubjectInput): Promise<PreviewSubjectObject> {
    return toPreviewSubjectObject(await this.subjects.create(user, input));
  }
}
