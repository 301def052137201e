import { downloadTextFile } from '../../lib/download-text-file';
import type { Statement } from './graphql/statement.graphql';

/** "atelier-statement-2026-10.csv" (other currencies than CNY get a suffix: "...-2026-10-usd.csv"). */
export function statementFileName(statement: Pick<Statement, 'month' | 'currency'>): string {
  const suffix = statement.currency === 'CNY' ? '' : `-${statement.currency.toLowerCase()}`;
  return `atelier-statement-${statement.month}${suffix}.csv`;
}

/** Downloads the API's CSV; the byte-order mark makes Excel read Chinese template titles as UTF-8. */
export function downloadStatementCsv(statement: Pick<Statement, 'month' | 'currency' | 'csv'>): void {
  downloadTextFile(statementFileName(statement), `\uFEFF${statement.csv}`, 'text/csv;charset=utf-8');
}
