import { describe, expect, it } from '@jest/globals';
import { csvCell } from './csv-cell.js';

describe('csvCell', () => {
  it('quotes separators, quotes and line breaks', () => {
    expect(csvCell('Golden hour')).toBe('Golden hour');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "cheese"')).toBe('"say ""cheese"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell(42)).toBe('42');
  });

  it.each(['=HYPERLINK("http://x","y")', '+1+2', '-2+3', '@SUM(A1)', '\tcmd', '\r=1'])('neutralises typed text a spreadsheet would run as a formula: %j', (typed) => {
    const cell = csvCell(typed, { text: true });
    const unquoted = cell.startsWith('"') ? cell.slice(1, -1).replace(/""/g, '"') : cell;
    expect(unquoted).toBe(`'${typed}`);
  });

  it('leaves numbers alone, negative ones too, and text that only contains those signs later', () => {
    expect(csvCell('-12.50')).toBe('-12.50');
    expect(csvCell(-3)).toBe('-3');
    expect(csvCell('Wedding = joy', { text: true })).toBe('Wedding = joy');
  });
});
