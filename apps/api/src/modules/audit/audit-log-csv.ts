import { csvCell } from '../../common/csv-cell.js';
import type { AuditActorKind } from './audit-log.entity.js';

/** One audit entry as the CSV file shows it: names resolved, before/after as JSON text. */
export interface AuditCsvEntry {
  createdAt: Date;
  actorKind: AuditActorKind;
  actorId: string | null;
  actorLabel: string;
  action: string;
  entityType: string;
  entityId: string;
  entityLabel: string | null;
  before: unknown;
  after: unknown;
}

export const AUDIT_CSV_HEADER = ['time', 'actor_kind', 'actor_id', 'actor', 'action', 'object_type', 'object_id', 'object', 'before', 'after'] as const;

const json = (value: unknown) => (value === null || value === undefined ? '' : JSON.stringify(value));

/**
 * Entries -> CSV text (a header, then one line per entry, CRLF line ends). Everything but the time may
 * carry text people typed (names, titles inside before/after), so a cell a spreadsheet would run as a
 * formula is neutralised.
 */
export function toAuditLogCsv(entries: readonly AuditCsvEntry[]): string {
  const lines = [
    AUDIT_CSV_HEADER.join(','),
    ...entries.map((e) =>
      [
        csvCell(e.createdAt.toISOString()),
        ...[e.actorKind, e.actorId ?? '', e.actorLabel, e.action, e.entityType, e.entityId, e.entityLabel ?? '', json(e.before), json(e.after)].map((v) => csvCell(v, { text: true })),
      ].join(','),
    ),
  ];
  return `${lines.join('\r\n')}\r\n`;
}
