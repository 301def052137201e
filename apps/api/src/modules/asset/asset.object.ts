import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { JSONScalar as GraphQLJSONObject } from '../../common/graphql-scalars.js';

export enum AssetKindEnum {
  REFERENCE_IMAGE = 'REFERENCE_IMAGE',
  LORA = 'LORA',
  CONSENT_DOCUMENT = 'CONSENT_DOCUMENT',
  PREVIEW_IMAGE = 'PREVIEW_IMAGE',
  SUBJECT_PHOTO = 'SUBJECT_PHOTO',
  IDENTITY_LORA = 'IDENTITY_LORA',
  IDENTITY_PHOTO = 'IDENTITY_PHOTO',
}
registerEnumType(AssetKindEnum, { name: 'AssetKind', valuesMap: {
    SUBJECT_PHOTO: { description: 'A consented photo of a preview face (admins only; deleted with the face).' },
    IDENTITY_LORA: { description: "A consumer app's end-user identity LoRA (.safetensors; API keys with RENDER only; the app's alone; deleted identityRetentionHours after its last render, or at once with deleteAsset)." },
    IDENTITY_PHOTO: { description: "A consumer app's end-user face photo, for instantid templates (API keys with RENDER only; the app's alone; deleted like IDENTITY_LORA)." },
  } });

export enum AssetStateEnum {
  PENDING = 'PENDING',
  CHECKING = 'CHECKING',
  READY = 'READY',
  REJECTED = 'REJECTED',
  DELETED = 'DELETED',
}
registerEnumType(AssetStateEnum, { name: 'AssetState', valuesMap: { CHECKING: { description: 'The upload arrived and is being checked (completeUpload is running).' }, DELETED: { description: 'The file was deleted from storage (privacy); the asset can no longer be used or downloaded.' } } });

@ObjectType('Asset')
export class AssetObject {
  @Field(() => ID) id: string;
  @Field(() => AssetKindEnum) kind: string;
  @Field(() => AssetStateEnum) state: string;
  @Field() fileName: string;
  @Field() contentType: string;
  @Field(() => Float) byteSize: number;
  @Field(() => Int, { nullable: true }) width: number | null;
  @Field(() => Int, { nullable: true }) height: number | null;
  @Field(() => String, { nullable: true }) sha256: string | null;
  @Field(() => String, { nullable: true, description: 'Why the upload was refused.' }) rejectionReason: string | null;
  @Field(() => String, { nullable: true, description: 'A short-lived download link (READY assets only).' }) url: string | null;
  @Field() createdAt: Date;
}

@ObjectType('UploadTicket')
export class UploadTicketObject {
  @Field(() => AssetObject) asset: AssetObject;
  @Field({ description: 'Where to upload the file before expiresAt: a multipart/form-data POST carrying every uploadForm field, then the file last, in the field "file".' })
  uploadUrl: string;
  @Field({ description: 'The HTTP method for uploadUrl: always POST (a form, not a raw PUT of the file).' }) uploadMethod: string;
  @Field(() => GraphQLJSONObject, {
    description:
      'The upload form\'s fields, name -> value: send every one, in this order, then the file last, in the field "file". ' +
      'They carry a signed policy, so storage refuses a file of another size or type than requested, or one sent after expiresAt.',
  })
  uploadForm: Record<string, string>;
  @Field(() => GraphQLJSONObject, { description: 'Always {}: a form POST needs no extra headers.', deprecationReason: 'Uploads are a form POST: send uploadForm to uploadUrl. This is always {}.' })
  uploadHeaders: Record<string, string>;
  @Field({ description: 'When uploadUrl and uploadForm stop working; request a new upload after that.' }) expiresAt: Date;
}

@InputType()
export class RequestUploadInput {
  @Field(() => AssetKindEnum) kind: 'REFERENCE_IMAGE' | 'LORA' | 'CONSENT_DOCUMENT' | 'PREVIEW_IMAGE' | 'SUBJECT_PHOTO' | 'IDENTITY_LORA' | 'IDENTITY_PHOTO';
  @Field() fileName: string;
  @Field() contentType: string;
  @Field(() => Float) byteSize: number;
}
