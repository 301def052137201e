import { Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Connection } from '../../common/connection.js';
import { JSONScalar } from '../../common/graphql-scalars.js';
import type { AuditActorKind, AuditLogEntity } from './audit-log.entity.js';

export enum AuditActorKindEnum {
  USER = 'USER',
  API_KEY = 'API_KEY',
  SYSTEM = 'SYSTEM',
}
registerEnumType(AuditActorKindEnum, { name: 'AuditActorKind', description: 'USER: a signed-in person. API_KEY: a consumer app. SYSTEM: the platform itself (seeding, the privacy sweep).' });

@InputType()
export class AuditLogFilter {
  @Field(() => ID, { nullable: true, description: 'Entries made by this user or API key.' }) actorId?: string | null;
  @Field(() => AuditActorKindEnum, { nullable: true }) actorKind?: AuditActorKind | null;
  @Field(() => String, {
    nullable: true,
    description: 'The kind of object: template, template_version, user, api_key, worker_token, preview_subject, designer_statement, asset, lora, preview_batch or preview_job.',
  })
  entityType?: string | null;
  @Field(() => String, { nullable: true, description: "The object's id." }) entityId?: string | null;
  @Field(() => String, { nullable: true, description: 'An action such as version.submitted, or a prefix ending in a dot (version.) for every action starting with it.' }) action?: string | null;
  @Field(() => Date, { nullable: true, description: 'Entries made at or after this time.' }) from?: Date | null;
  @Field(() => Date, { nullable: true, description: 'Entries made before this time.' }) to?: Date | null;
}

@ObjectType('AuditActor', { description: 'Who made an audit entry.' })
export class AuditActorObject {
  @Field(() => AuditActorKindEnum) kind: AuditActorKind;
  @Field(() => ID, { nullable: true, description: 'The user or API key id; null for SYSTEM.' }) id: string | null;
}

@ObjectType('AuditEntry', { description: 'One change: who did what to which object, and when.' })
export class AuditEntryObject {
  @Field(() => ID) id: string;
  @Field(() => AuditActorObject) actor: AuditActorObject;
  @Field({ description: 'What happened, as <object>.<verb>: template.created, version.submitted, preview_subject.retired, ...' }) action: string;
  @Field({ description: 'The kind of object it happened to (see AuditLogFilter.entityType).' }) entityType: string;
  @Field() entityId: string;
  @Field(() => JSONScalar, { nullable: true, description: 'What changed, as it was before (fields vary by action).' }) before: unknown;
  @Field(() => JSONScalar, { nullable: true, description: 'What changed, as it is after.' }) after: unknown;
  @Field() createdAt: Date;
}

export function toAuditEntryObject(row: AuditLogEntity): AuditEntryObject {
  return { id: row.id, actor: { kind: row.actorKind, id: row.actorId }, action: row.action, entityType: row.entityType, entityId: row.entityId, before: row.before ?? null, after: row.after ?? null, createdAt: row.createdAt };
}

@ObjectType('AuditEntryConnection')
export class AuditEntryConnection extends Connection(AuditEntryObject, 'AuditEntry') {}

@ObjectType('AuditLogCsv', { description: 'The filtered audit log as a CSV file.' })
export class AuditLogCsvObject {
  @Field({ description: 'UTF-8 CSV, newest first: time, actor_kind, actor_id, actor, action, object_type, object_id, object, before, after. Cells a spreadsheet would run as formulas start with an apostrophe.' })
  csv: string;
  @Field(() => Int, { description: 'Entries in the file.' }) rowCount: number;
  @Field(() => Int, { description: 'Entries matching the filters.' }) totalCount: number;
  @Field({ description: 'True when more entries match than a file holds (maxRows): the file has the newest; narrow the filters for the rest.' }) truncated: boolean;
  @Field(() => Int) maxRows: number;
}
