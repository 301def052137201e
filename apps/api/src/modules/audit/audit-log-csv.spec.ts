import { describe, expect, it } from '@jest/globals';
import { toAuditLogCsv, type AuditCsvEntry } from './audit-log-csv.js';

const entry = (overrides: Partial<AuditCsvEntry> = {}): AuditCsvEntry => ({
  createdAt: new Date('2026-11-20T04:05:06.789Z'),
  actorKind: 'USER',
  actorId: '6f1d4c2a-0000-4000-8000-000000000001',
  actorLabel: 'Ada Admin',
  action: 'template.updated',
  entityType: 'template',
  entityId: '6f1d4c2a-0000-4000-8000-000000000002',
  entityLabel: 'Golden hour',
  before: { title: 'Golden' },
  after: { title: 'Golden hour' },
  ...overrides,
});

describe('toAuditLogCsv', () => {
  it('writes a header and one line per entry, before/after as JSON', () => {
    const csv = toAuditLogCsv([entry(), entry({ actorKind: 'SYSTEM', actorId: null, actorLabel: 'System', entityLabel: null, before: null, after: undefined })]);
    expect(csv.split('\r\n')).toEqual([
      'time,actor_kind,actor_id,actor,action,object_type,object_id,object,before,after',
      '2026-11-20T04:05:06.789Z,USER,6f1d4c2a-0000-4000-8000-000000000001,Ada Admin,template.updated,template,6f1d4c2a-0000-4000-8000-000000000002,Golden hour,"{""title"":""Golden""}","{""title"":""Golden hour""}"',
      '2026-11-20T04:05:06.789Z,SYSTEM,,System,template.updated,template,6f1d4c2a-0000-4000-8000-000000000002,,,',
      '',
    ]);
  });

  it('neutralises names and titles a spreadsheet would run as formulas', () => {
    const csv = toAuditLogCsv([entry({ actorLabel: '@admin', entityLabel: '=HYPERLINK("http://evil.test","open")' })]);
    const line = csv.split('\r\n')[1]!;
    expect(line).toContain(",'@admin,");
    expect(line).toContain(`,"'=HYPERLINK(""http://evil.test"",""open"")",`);
  });
});
