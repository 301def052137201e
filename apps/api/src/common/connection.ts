import type { Type } from '@nestjs/common';
import { Field, Int, ObjectType } from '@nestjs/graphql';
import { badInputIssues, inputIssue, isUuid } from './app-error.js';

@ObjectType('PageInfo')
export class PageInfo {
  @Field() hasNextPage: boolean;
  @Field(() => String, { nullable: true }) endCursor: string | null;
}

export interface ConnectionShape<T> {
  edges: Array<{ cursor: string; node: T }>;
  pageInfo: PageInfo;
  totalCount: number;
}

// Relay-style connection types: Connection(TemplateObject, 'Template') -> TemplateConnection.
export function Connection<T>(nodeType: Type<T>, name: string) {
  @ObjectType(`${name}Edge`)
  class Edge {
    @Field() cursor: string;
    @Field(() => nodeType) node: T;
  }
  @ObjectType({ isAbstract: true })
  abstract class ConnectionType implements ConnectionShape<T> {
    @Field(() => [Edge]) edges: Edge[];
    @Field(() => PageInfo) pageInfo: PageInfo;
    @Field(() => Int) totalCount: number;
  }
  return ConnectionType;
}

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

export function pageSize(first: number | null | undefined, fallback = DEFAULT_PAGE_SIZE): number {
  const n = first ?? fallback;
  if (!Number.isInteger(n) || n < 1 || n > MAX_PAGE_SIZE) {
    throw badInputIssues([inputIssue('first', 'common.pageSize', { max: MAX_PAGE_SIZE })]);
  }
  return n;
}

// Keyset cursors: an opaque base64url of [sortKey, id].
export function encodeCursor(sortKey: string, id: string): string {
  return Buffer.from(JSON.stringify([sortKey, id])).toString('base64url');
}

// Rows are keyed by a UUID, or by a bigint identity (the audit log): a decimal of at most 18 digits.
export type CursorIdKind = 'uuid' | 'serial';
const isSerialId = (value: string) => /^[1-9]\d{0,17}$/.test(value);

export function decodeCursor(cursor: string | null | undefined, idKind: CursorIdKind = 'uuid'): { sortKey: string; id: string } | null {
  if (!cursor) return null;
  const isId = idKind === 'uuid' ? isUuid : isSerialId;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    // Every list sorts by a timestamp; both parts go into SQL casts, which must not fail on a forged cursor.
    if (Array.isArray(parsed) && parsed.length === 2 && isCursorTimestamp(parsed[0]) && typeof parsed[1] === 'string' && isId(parsed[1])) {
      return { sortKey: parsed[0], id: parsed[1] };
    }
  } catch {
    // fall through
  }
  throw badInputIssues([inputIssue('after', 'common.invalidCursor')]);
}

// Exactly what toISOString() hands out (years 0001-9999), so PostgreSQL's timestamptz accepts it.
function isCursorTimestamp(value: unknown): value is string {
  if (typeof value !== 'string' || !/^(?!0000)\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(value)) return false;
  const time = new Date(value);
  return !Number.isNaN(time.getTime()) && time.toISOString() === value;
}

// An edge of a page. Its cursor is worked out when it is read: most clients read only
// pageInfo.endCursor, and encoding a cursor costs about as much as the rest of a catalog row.
class PageEdge<T extends { id: string }> {
  constructor(
    readonly node: T,
    private readonly sortKeyOf: (row: T) => string,
  ) {}

  get cursor(): string {
    return encodeCursor(this.sortKeyOf(this.node), this.node.id);
  }
}

export function toConnection<T extends { id: string }>(rows: T[], limit: number, totalCount: number, sortKeyOf: (row: T) => string): ConnectionShape<T> {
  const page = rows.slice(0, limit);
  const edges = page.map((node) => new PageEdge(node, sortKeyOf));
  return { edges, pageInfo: { hasNextPage: rows.length > limit, endCursor: edges.at(-1)?.cursor ?? null }, totalCount };
}
