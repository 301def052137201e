import { Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Connection } from '../../common/connection.js';
import { JSONScalar } from '../../common/graphql-scalars.js';
import { BaseModelEnum } from '../template/template.object.js';

@ObjectType('CatalogPreview')
export class CatalogPreviewObject {
  @Field(() => ID) id: string;
  @Field({ description: 'A link to the image, valid for at least an hour.' }) url: string;
  @Field(() => Int) width: number;
  @Field(() => Int) height: number;
}

export enum IdentityModeEnum {
  LORA = 'LORA',
  INSTANTID = 'INSTANTID',
}
registerEnumType(IdentityModeEnum, {
  name: 'IdentityMode',
  description: "How a version's graph makes the face look like the end user.",
  valuesMap: {
    LORA: { description: "The user's identity LoRA: fill {{identityLora}} and {{identityTrigger}}; {{likeness}} is its strength." },
    INSTANTID: { description: "InstantID from the user's face photo: upload it to ComfyUI's input folder and fill {{facePhoto}} with its name; {{likeness}} is InstantID's weight. Needs the ComfyUI_InstantID custom nodes." },
  },
});

@ObjectType('LikenessRange', { description: "How strongly a render applies the end user's identity LoRA: {{likeness}} in the graph takes a value from default to max." })
export class LikenessRangeObject {
  @Field({ description: 'The strength a render starts at.' }) default: number;
  @Field({ description: 'The highest strength "more like me" may raise it to.' }) max: number;
}

@ObjectType('CatalogVersion', { description: 'An immutable published template version; pin it by id.' })
export class CatalogVersionObject {
  @Field(() => ID) id: string;
  @Field(() => ID) templateId: string;
  @Field({ description: "The title as approved with this version (frozen when it was submitted)." }) title: string;
  @Field({ description: 'The description as approved with this version.' }) description: string;
  @Field(() => String, { nullable: true, description: 'The category key as approved with this version (see templateCategories for names).' }) category: string | null;
  @Field(() => [String], { description: 'The tags as approved with this version.' }) tags: string[];
  @Field(() => Int) number: number;
  @Field() specHash: string;
  @Field(() => JSONScalar) spec: unknown;
  @Field(() => Boolean, { description: 'False once the template has published a newer version or was unpublished; still fetchable.' }) current: boolean;
  @Field(() => Date, { nullable: true }) publishedAt: Date | null;
  @Field(() => String, { nullable: true, description: "The cover image: the preview the designer chose as cover, else the first preview; null when the version has no finished previews. A link valid for at least an hour (the same link for a few minutes, so it can be cached)." })
  coverUrl: string | null;
  @Field(() => [CatalogPreviewObject], { description: 'The finished preview renders of this version (one per preview subject and seed), as links valid for at least an hour. Previews deleted for privacy are left out.' })
  previews: CatalogPreviewObject[];
}

@ObjectType('CatalogTemplate', { description: "A published template. Its title, description, tags and category are its published version's, as approved." })
export class CatalogTemplateObject {
  @Field(() => ID) id: string;
  @Field() title: string;
  @Field() description: string;
  @Field(() => [String]) tags: string[];
  @Field(() => String, { nullable: true, description: 'A category key (see templateCategories for names).' }) category: string | null;
  @Field(() => BaseModelEnum) baseModel: 'sd15' | 'sdxl';
  @Field() publishedAt: Date;
  @Field(() => CatalogVersionObject) publishedVersion: CatalogVersionObject;
}

@ObjectType('CatalogTemplateConnection')
export class CatalogTemplateConnection extends Connection(CatalogTemplateObject, 'CatalogTemplate') {}

@InputType()
export class CatalogFilter {
  @Field(() => String, { nullable: true }) search?: string | null;
  @Field(() => [String], { nullable: true }) tags?: string[] | null;
  @Field(() => String, { nullable: true }) category?: string | null;
  @Field(() => BaseModelEnum, { nullable: true }) baseModel?: 'sd15' | 'sdxl' | null;
}
