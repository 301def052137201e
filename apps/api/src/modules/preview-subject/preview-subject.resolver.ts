import { Args, Field, ID, InputType, Mutation, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { Roles, SignedIn } from '../../common/access.decorator.js';
import { CurrentUser } from '../../common/current-user.decorator.js';
import type { AuthUser } from '../../common/request-context.js';
import type { PreviewSubjectEntity } from './preview-subject.entity.js';
import { PreviewSubjectService } from './preview-subject.service.js';

@ObjectType('PreviewSubject', {
  description:
    'A consenting face whose identity LoRA renders previews. Once retired or past consentExpiresAt, no new previews are made; ' +
    'shortly after, the identity LoRA and every preview of the subject are deleted (purgedAt). The signed consent document is kept.',
})
export class PreviewSubjectObject {
  @Field(() => ID) id: string;
  @Field() name: string;
  @Field({ description: 'False once an admin retired the subject (retirePreviewSubject).' }) active: boolean;
  @Field() consentExpiresAt: Date;
  @Field({ description: 'Active and consent not expired: usable for previews.' }) usable: boolean;
  @Field(() => Date, { nullable: true, description: 'When an admin retired the subject.' }) retiredAt: Date | null;
  @Field(() => Date, { nullable: true, description: 'When the identity LoRA and the previews made from it were deleted from storage.' }) purgedAt: Date | null;
  @Field() createdAt: Date;
}

function toPreviewSubjectObject(row: PreviewSubjectEntity): PreviewSubjectObject {
  return {
    id: row.id,
    name: row.name,
    active: row.active,
    consentExpiresAt: row.consentExpiresAt,
    usable: row.active && row.consentExpiresAt.getTime() > Date.now(),
    retiredAt: row.retiredAt,
    purgedAt: row.purgedAt,
    createdAt: row.createdAt,
  };
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

  @Mutation(() => PreviewSubjectObject, { description: 'Stops previews of this subject for good and has their identity LoRA and previews deleted. Retiring twice is harmless.' })
  @Roles('ADMIN')
  async retirePreviewSubject(@CurrentUser() user: AuthUser, @Args('id', { type: () => ID }) id: string): Promise<PreviewSubjectObject> {
    return toPreviewSubjectObject(await this.subjects.retire(user, id));
  }
}
