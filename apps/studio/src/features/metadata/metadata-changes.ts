import type { TemplateMetadata } from './graphql/metadata.graphql';

export type MetadataField = 'title' | 'description' | 'category' | 'tags';
export const METADATA_FIELDS: readonly MetadataField[] = ['title', 'description', 'category', 'tags'];

export interface MetadataChange {
  field: MetadataField;
  before: string;
  after: string;
  /** For tags: what was added and removed (in the newer version's order). */
  added?: string[];
  removed?: string[];
}

type Metadata = Pick<TemplateMetadata, 'title' | 'description' | 'category' | 'tags'>;

/** Title, description, category and tags that differ between two versions, in that order. `label` names a category key. */
export function diffMetadata(older: Metadata, newer: Metadata, label: (key: string | null) => string | null): MetadataChange[] {
  const changes: MetadataChange[] = [];
  if (older.title !== newer.title) changes.push({ field: 'title', before: older.title, after: newer.title });
  if (older.description !== newer.description) changes.push({ field: 'description', before: older.description, after: newer.description });
  if ((older.category ?? null) !== (newer.category ?? null)) changes.push({ field: 'category', before: label(older.category ?? null) ?? '', after: label(newer.category ?? null) ?? '' });
  const added = newer.tags.filter((tag) => !older.tags.includes(tag));
  const removed = older.tags.filter((tag) => !newer.tags.includes(tag));
  if (added.length || removed.length) changes.push({ field: 'tags', before: older.tags.join(', '), after: newer.tags.join(', '), added, removed });
  return changes;
}
