import { describe, expect, it } from '@jest/globals';
import { PreparedStatementAdmission } from './prepared-query.js';

describe('PreparedStatementAdmission', () => {
  it('prepares a text once it has run often enough, under one stable name', () => {
    const admission = new PreparedStatementAdmission(2, 3);
    expect(admission.nameFor('SELECT 1')).toBeNull();
    expect(admission.nameFor('SELECT 1')).toBeNull();
    const name = admission.nameFor('SELECT 1');
    expect(name).toMatch(/^atelier_[0-9a-f]{24}$/);
    expect(admission.nameFor('SELECT 1')).toBe(name);
    expect(new PreparedStatementAdmission(2, 3).nameFor('SELECT 2')).toBeNull();
  });

  it('prepares at most so many texts, so a flood of one-off texts cannot fill the database', () => {
    const admission = new PreparedStatementAdmission(2, 2);
    for (const text of ['a', 'b', 'c']) {
      admission.nameFor(text);
      admission.nameFor(text);
    }
    expect(admission.nameFor('a')).not.toBeNull();
    expect(admission.nameFor('b')).not.toBeNull();
    expect(admission.nameFor('c')).toBeNull();
    // One-offs never reach the bar, however many there are.
    const fresh = new PreparedStatementAdmission(1, 2, 10);
    for (let i = 0; i < 100; i++) expect(fresh.nameFor(`one-off ${i}`)).toBeNull();
    fresh.nameFor('hot');
    expect(fresh.nameFor('hot')).not.toBeNull();
  });
});
