import { downloadTextFile } from '../../lib/download-text-file';

/** "atelier-audit-log-2026-11-20.csv", the day where the admin is. */
export function auditCsvFileName(now: Date): string {
  const day = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
  return `atelier-audit-log-${day}.csv`;
}

/** Saves the API's CSV; the byte-order mark makes Excel read names and titles in Chinese as UTF-8. */
export function downloadAuditCsv(csv: string, now = new Date()): void {
  downloadTextFile(auditCsvFileName(now), `\uFEFF${csv}`, 'text/csv;charset=utf-8');
}
