/**
 * One CSV cell: quoted when it holds a separator, quote or line break. Text that people typed
 * (`text: true`: a template title, a payout reference) is neutralised when a spreadsheet would run
 * it as a formula (it starts with = + - @, a tab or a carriage return): a leading ' makes it text.
 */
export function csvCell(value: string | number, { text = false }: { text?: boolean } = {}): string {
  let s = String(value);
  if (text && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
