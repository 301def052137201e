import { Args, Context, Field, ID, InputType, Int, Mutation, ObjectType, Parent, Query, ResolveField, Resolver, registerEnumType } from '@nestjs/graphql';
import { Roles, SignedIn } from '../../common/access.decorator.js';
import { badInputIssues, inputIssue } from '../../common/app-error.js';
import { CurrentUser } from '../../common/current-user.decorator.js';
import { hasRole, type AuthUser, type GqlContext } from '../../common/request-context.js';
import { BaseModelEnum } from '../template/template.object.js';
import type { PreviewSubjectEntity, SubjectGender } from './preview-subject.entity.js';
import { PreviewSubjectService, type IdentityLoraChoice } from './preview-subject.service.js';

export enum SubjectGenderEnum {
  FEMALE = 'FEMALE',
  MALE = 'MALE',
  UNSPECIFIED = 'UNSPECIFIED',
}
registerEnumType(SubjectGenderEnum, { name: 'SubjectGender', description: "Fills the {gender} prompt slot of the face's previews (woman, man, or person when unspecified)." });

@ObjectType('SubjectIdentityLora', { description: "A face's identity LoRA for one base model: templates of that base model render the face with it." })
export class SubjectIdentityLoraObject {
  @Field(() => BaseModelEnum) baseModel: BaseModelEnum;
  @Field(() => ID, { description: 'The LoRA file (an asset of kind LORA).' }) assetId: string;
  @Field(() => String, { nullable: true, description: "The word the LoRA was trained with (e.g. \"ohwx\"); previews append it to the positive prompt, before the style LoRAs' words. Null when it has none." })
  triggerWord: string | null;
  @Field() addedAt: Date;
}

@ObjectType('SubjectPhoto', { description: 'A consented photo of a preview face.' })
export class SubjectPhotoObject {
  @Field(() => ID, { description: 'The photo file (an asset of kind SUBJECT_PHOTO).' }) assetId: string;
  @Field({ description: 'A short-lived link to the photo.' }) url: string;
}

@ObjectType('PreviewSubject', {
  description:
    'A consenting face whose identity LoRAs render previews (one per base model). Once retired or past consentExpiresAt, no new previews are made; ' +
    'shortly after, the identity LoRAs and every preview of the subject are deleted (purgedAt). The signed consent document is kept.',
})
export class PreviewSubjectObject {
  @Field(() => ID) id: string;
  @Field() name: string;
  @Field(() => SubjectGenderEnum) gender: SubjectGender;
  @Field(() => Int, { nullable: true, description: 'Age in years; fills the {age} prompt slot (e.g. "30-year-old"), "adult" when unknown.' }) ageYears: number | null;
  @Field({ description: 'False once an admin retired the subject (retirePreviewSubject).' }) active: boolean;
  @Field() consentExpiresAt: Date;
  @Field({ description: 'Active and consent not expired: usable for previews (of the base models it has an identity LoRA for).' }) usable: boolean;
  @Field(() => Date, { nullable: true, description: 'When an admin retired the subject.' }) retiredAt: Date | null;
  @Field(() => Date, { nullable: true, description: 'When the identity LoRAs and the previews made from them were deleted from storage.' }) purgedAt: Date | null;
  @Field() createdAt: Date;
  // Resolved by consentDocumentAssetId (admins only).
  consentDocument: string;
}

function toPreviewSubjectObject(row: PreviewSubjectEntity): PreviewSubjectObject {
  return {
    id: row.id,
    name: row.name,
    gender: row.gender,
    ageYears: row.ageYears,
    active: row.active,
    consentExpiresAt: row.consentExpiresAt,
    consentDocument: row.consentDocumentAssetId,
    usable: row.active && row.consentExpiresAt.getTime() > Date.now(),
    retiredAt: row.retiredAt,
    purgedAt: row.purgedAt,
    createdAt: row.createdAt,
  };
}

@InputType()
export class IdentityLoraInput {
  @Field(() => BaseModelEnum) baseModel: BaseModelEnum;
  @Field(() => ID, { description: 'A READY asset of kind LORA (requestUpload, then completeUpload).' }) assetId: string;
  @Field(() => String, { nullable: true, description: 'The word the LoRA was trained with, up to 60 characters without braces; left out or blank when it has none.' })
  triggerWord?: string | null;
}

@InputType()
export class IdentityTriggerWordInput {
  @Field(() => BaseModelEnum, { description: 'Whose identity LoRA: the face must have one for this base model.' }) baseModel: BaseModelEnum;
  @Field(() => String, { nullable: true, description: 'The new trigger word, up to 60 characters without braces; null or blank clears it.' })
  triggerWord: string | null;
}

@InputType()
export class CreatePreviewSubjectInput {
  @Field() name: string;
  @Field(() => SubjectGenderEnum, { nullable: true, description: 'UNSPECIFIED when left out.' }) gender?: SubjectGender | null;
  @Field(() => Int, { nullable: true, description: 'Age in years, 18 to 100.' }) ageYears?: number | null;
  @Field(() => [IdentityLoraInput], { nullable: true, description: 'The identity LoRA for each base model the face renders (at least one).' }) identityLoras?: IdentityLoraInput[] | null;
  @Field(() => ID, { nullable: true, deprecationReason: 'A face has an identity LoRA per base model: use identityLoras. This one counts as the SDXL LoRA.' })
  identityLoraAssetId?: string | null;
  @Field(() => [ID], { nullable: true, description: '3 to 10 consented photos of the face (assets of kind SUBJECT_PHOTO), in the order to show them. Required.' })
  referencePhotoAssetIds?: string[] | null;
  @Field(() => ID) consentDocumentAssetId: string;
  @Field() consentExpiresAt: Date;
}

@InputType()
export class UpdatePreviewSubjectInput {
  @Field({ nullable: true }) name?: string;
  @Field(() => SubjectGenderEnum, { nullable: true }) gender?: SubjectGender;
  @Field(() => Int, { nullable: true, description: 'Age in years, 18 to 100; null clears it, left out keeps it.' }) ageYears?: number | null;
  @Field(() => [IdentityLoraInput], { nullable: true, description: 'Identity LoRAs for base models the face has none for yet (one it has is not replaced: retire the face and add the person again).' })
  addIdentityLoras?: IdentityLoraInput[];
  @Field(() => [IdentityTriggerWordInput], { nullable: true, description: "New trigger words for the face's identity LoRAs, by base model (a change means earlier previews are not reused)." })
  identityTriggerWords?: IdentityTriggerWordInput[];
  @Field(() => [ID], { nullable: true, description: 'The whole new set of 3 to 10 photos, in order; photos left out are deleted.' }) referencePhotoAssetIds?: string[];
}

// identityLoras, or the older single (SDXL) identityLoraAssetId; not both.
function identityChoices(input: CreatePreviewSubjectInput): IdentityLoraChoice[] {
  if (input.identityLoras?.length && input.identityLoraAssetId) {
    throw badInputIssues([inputIssue('identityLoraAssetId', 'face.identityLoraOldArgument')]);
  }
  if (input.identityLoraAssetId) return [{ baseModel: 'sdxl', assetId: input.identityLoraAssetId }];
  return (input.identityLoras ?? []).map((l) => ({ baseModel: l.baseModel, assetId: l.assetId, triggerWord: l.triggerWord ?? null }));
}

@Resolver(() => PreviewSubjectObject)
export class PreviewSubjectResolver {
  constructor(private readonly subjects: PreviewSubjectService) {}

  @Query(() => [PreviewSubjectObject])
  @SignedIn()
  async previewSubjects(): Promise<PreviewSubjectObject[]> {
    return (await this.subjects.list()).map(toPreviewSubjectObject);
  }

  @ResolveField(() => [SubjectIdentityLoraObject], { description: 'Its identity LoRAs, by base model.' })
  async identityLoras(@Parent() subject: PreviewSubjectObject, @Context() ctx: GqlContext): Promise<SubjectIdentityLoraObject[]> {
    const loras = await ctx.loaders.identityLorasOfSubject.load(subject.id);
    return loras.map((l) => ({ baseModel: l.baseModel as BaseModelEnum, assetId: l.assetId, triggerWord: l.triggerWord, addedAt: l.createdAt }));
  }

  @ResolveField(() => ID, { nullable: true, description: 'The signed consent document in force (an asset of kind CONSENT_DOCUMENT; earlier ones stay stored). Admins only (null for others).' })
  consentDocumentAssetId(@Parent() subject: PreviewSubjectObject, @Context() ctx: GqlContext): string | null {
    return ctx.req.user && hasRole(ctx.req.user, 'ADMIN') ? subject.consentDocument : null;
  }

  @ResolveField(() => [SubjectPhotoObject], { nullable: true, description: 'Its consented photos, in order. Admins only (null for others); gone (empty) once the face is purged.' })
  async referencePhotos(@Parent() subject: PreviewSubjectObject, @Context() ctx: GqlContext): Promise<SubjectPhotoObject[] | null> {
    if (!ctx.req.user || !hasRole(ctx.req.user, 'ADMIN')) return null;
    const photos = await ctx.loaders.photosOfSubject.load(subject.id);
    return this.subjects.photoLinks(photos, await Promise.all(photos.map((p) => ctx.loaders.assetById.load(p.assetId))));
  }

  @Mutation(() => PreviewSubjectObject)
  @Roles('ADMIN')
  async createPreviewSubject(@CurrentUser() user: AuthUser, @Args('input') input: CreatePreviewSubjectInput): Promise<PreviewSubjectObject> {
    const { identityLoras: _identityLoras, identityLoraAssetId: _single, referencePhotoAssetIds, ...rest } = input;
    return toPreviewSubjectObject(await this.subjects.create(user, { ...rest, identityLoras: identityChoices(input), referencePhotoAssetIds: referencePhotoAssetIds ?? [] }));
  }

  @Mutation(() => PreviewSubjectObject, {
    description:
      "Edits an active face: name, gender, age, identity LoRAs for base models it lacks, their trigger words, its photos. Changing what its renders depend on (gender, age, LoRAs, trigger words) means earlier previews are not reused for new requests.",
  })
  @Roles('ADMIN')
  async updatePreviewSubject(@CurrentUser() user: AuthUser, @Args('id', { type: () => ID }) id: string, @Args('input') input: UpdatePreviewSubjectInput): Promise<PreviewSubjectObject> {
    const { addIdentityLoras, identityTriggerWords, name, ...rest } = input;
    if (name === null) throw badInputIssues([inputIssue('name', 'face.nameRequired')]);
    return toPreviewSubjectObject(
      await this.subjects.update(user, id, { ...rest, ...(name !== undefined ? { name } : {}), ...(rest.gender === null ? { gender: undefined } : {}), addIdentityLoras: addIdentityLoras?.map((l) => ({ baseModel: l.baseModel, assetId: l.assetId, triggerWord: l.triggerWord ?? null })), identityTriggerWords: identityTriggerWords?.map((t) => ({ baseModel: t.baseModel, triggerWord: t.triggerWord ?? null })) }),
    );
  }

  @Mutation(() => PreviewSubjectObject, {
    description:
      'Records a new signed consent document and a later end date for an active face (also one whose consent just ran out, until the privacy sweep deletes its LoRAs). ' +
      'A retired or purged face cannot be extended (INVALID_STATE_TRANSITION): add the person again as a new face.',
  })
  @Roles('ADMIN')
  async extendConsent(
    @CurrentUser() user: AuthUser,
    @Args('subjectId', { type: () => ID }) subjectId: string,
    @Args('validUntil') validUntil: Date,
    @Args('consentDocumentAssetId', { type: () => ID }) consentDocumentAssetId: string,
  ): Promise<PreviewSubjectObject> {
    return toPreviewSubjectObject(await this.subjects.extendConsent(user, { subjectId, validUntil, consentDocumentAssetId }));
  }

  @Mutation(() => PreviewSubjectObject, { description: 'Stops previews of this subject for good and has their identity LoRAs and previews deleted. Retiring twice is harmless.' })
  @Roles('ADMIN')
  async retirePreviewSubject(@CurrentUser() user: AuthUser, @Args('id', { type: () => ID }) id: string): Promise<PreviewSubjectObject> {
    return toPreviewSubjectObject(await this.subjects.retire(user, id));
  }
}
