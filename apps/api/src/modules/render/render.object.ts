import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Connection } from '../../common/connection.js';
import { JSONScalar } from '../../common/graphql-scalars.js';

export enum RenderStateEnum {
  QUEUED = 'QUEUED',
  RUNNING = 'RUNNING',
  SUCCEEDED = 'SUCCEEDED',
  FAILED = 'FAILED',
  CANCELLED = 'CANCELLED',
}
registerEnumType(RenderStateEnum, { name: 'RenderState', description: "A hosted render's state: waiting for a GPU, on one, or finished (succeeded, failed, or cancelled by the app)." });
export type RenderState = `${RenderStateEnum}`;

export enum RenderNoticeCodeEnum {
  VERSION_SUPERSEDED = 'VERSION_SUPERSEDED',
}
registerEnumType(RenderNoticeCodeEnum, {
  name: 'RenderNoticeCode',
  valuesMap: { VERSION_SUPERSEDED: { description: 'The version rendered is pinned but superseded: a newer version of the template is published (currentVersionId).' } },
});

@ObjectType('RenderNotice', { description: 'Something the app should know about a render that did not stop it.' })
export class RenderNoticeObject {
  @Field(() => RenderNoticeCodeEnum) code: RenderNoticeCodeEnum;
  @Field() message: string;
  @Field(() => ID, { nullable: true, description: 'VERSION_SUPERSEDED: the version published now.' }) currentVersionId: string | null;
}

@ObjectType('Render', { description: "A consumer app's render of a published template version with one end user's identity, on Atelier's GPU pool." })
export class RenderObject {
  @Field(() => ID) id: string;
  @Field(() => ID) versionId: string;
  @Field(() => RenderStateEnum) state: RenderState;
  // queuePosition and etaSeconds are resolved on request (RenderResolver): they cost a look at the queue.
  /** The render's GPU job, for the queue figures. */
  jobId: string;
  /** Where it stands, worked out once per render when queuePosition or etaSeconds is asked for. */
  figures?: Promise<{ position: number | null; etaSeconds: number | null }>;
  @Field(() => Float, { description: '0 to 1.' }) progress: number;
  @Field(() => String, { nullable: true, description: 'A link to the image, valid for an hour, once SUCCEEDED; null before, and after the image was deleted (IDENTITY_RETENTION_HOURS after the render).' })
  imageUrl: string | null;
  @Field(() => String, { nullable: true, description: 'Why it FAILED, in words.' }) error: string | null;
  @Field(() => Float) likeness: number;
  @Field(() => Float) seed: number;
  @Field(() => JSONScalar, { description: 'The prompt slot values it renders with.' }) slots: Record<string, string>;
  @Field(() => Int, { nullable: true, description: 'What the end user paid, in minor units; null for a render nobody pays for.' }) grossAmount: number | null;
  @Field(() => String, { nullable: true }) currency: string | null;
  @Field(() => String, { nullable: true, description: "The paid render's usage event (`render:<id>`) once recorded: ACCEPTED (or DUPLICATE), or REJECTED with usageMessage. Null until it succeeded." })
  usageStatus: string | null;
  @Field(() => String, { nullable: true }) usageMessage: string | null;
  @Field(() => [RenderNoticeObject]) notices: RenderNoticeObject[];
  @Field() createdAt: Date;
  @Field(() => Date, { nullable: true }) finishedAt: Date | null;
}

@ObjectType('RenderConnection')
export class RenderConnection extends Connection(RenderObject, 'Render') {}

@InputType()
export class CreateRenderInput {
  @Field(() => ID, { description: 'A published (or superseded, pinned) version from the catalog.' }) versionId: string;
  @Field(() => ID, { description: "One of the app's identities: an IDENTITY_LORA, or for InstantID templates (CatalogVersion.identityMode) an IDENTITY_PHOTO." })
  identityAssetId: string;
  @Field(() => Float, { nullable: true, description: "The identity's strength, within the version's likeness range (the recipe's {{likeness}} min and max); left out: its default." })
  likeness?: number | null;
  @Field(() => JSONScalar, { nullable: true, description: 'Prompt slot values, e.g. {"subject": "a woman", "gender": "woman", "age": "30-year-old"}: the values the recipe lists per slot. Slots left out: a person of no stated gender or age.' })
  slots?: unknown;
  @Field(() => Float, { nullable: true, description: 'A whole number from 0 to 2^32 - 1; left out: a random one.' }) seed?: number | null;
  @Field(() => String, { nullable: true, description: "The identity LoRA's trigger word, when it has one." }) identityTriggerWord?: string | null;
  @Field(() => String, { nullable: true, description: 'POSTed render.succeeded or render.failed, signed with the key\'s webhook secret (X-Atelier-Signature). http(s) only; never to private networks unless the deployment allows them.' })
  webhookUrl?: string | null;
  @Field(() => Int, { nullable: true, description: "What the end user paid, in minor units: the succeeded render records its use once (event id render:<id>) for the designers' revenue share." })
  grossAmount?: number | null;
  @Field(() => String, { nullable: true }) currency?: string | null;
}

@ObjectType('WebhookAttempt')
export class WebhookAttemptObject {
  @Field(() => Int) attempt: number;
  @Field() attemptedAt: Date;
  @Field(() => Int, { nullable: true, description: "The app's HTTP status; null when none came (error says why)." }) statusCode: number | null;
  @Field(() => String, { nullable: true }) error: string | null;
  @Field(() => Int) durationMs: number;
}

@ObjectType('WebhookDelivery', { description: "One event of a render sent to the app's webhook URL; every attempt carries the same id." })
export class WebhookDeliveryObject {
  @Field(() => ID, { description: 'The event id the body carries (`id`): the same in every attempt.' }) id: string;
  @Field() type: string;
  @Field() url: string;
  @Field({ description: 'PENDING (to be tried again at nextAttemptAt), DELIVERED (a 2xx came), or FAILED (given up a day after the event).' }) state: string;
  @Field(() => Int) attempts: number;
  @Field(() => Date, { nullable: true }) nextAttemptAt: Date | null;
  @Field() createdAt: Date;
  @Field(() => [WebhookAttemptObject]) attemptLog: WebhookAttemptObject[];
}
