import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { NO_AUDIT_FILTERS, auditHref, hasAuditFilters, parseAuditFilters, toAuditLogFilter, type AuditFilters } from './audit-filters';

const TEMPLATE_ID = '6f1d4c2a-0000-4000-8000-000000000002';
const USER_ID = '6f1d4c2a-0000-4000-8000-000000000001';

// A link's hash -> its filters, read from the query as the page gets it from useHashQuery.
const readLink = (hash: string) => parseAuditFilters(new URLSearchParams(hash.split('?')[1] ?? ''));

describe('audit filters in the link', () => {
  it('reads actor, object, action and days from the hash query', () => {
    expect(readLink(`#/admin/audit?actor=user:${USER_ID}&entity=template:${TEMPLATE_ID}&action=version.&from=2026-01-01&to=2026-01-31`)).toEqual({
      actorKind: 'USER',
      actorId: USER_ID,
      entityType: 'template',
      entityId: TEMPLATE_ID,
      action: 'version.',
      from: '2026-01-01',
      to: '2026-01-31',
    });
    expect(readLink('#/admin/audit?actor=system&entity=preview_subject')).toEqual({ ...NO_AUDIT_FILTERS, actorKind: 'SYSTEM', entityType: 'preview_subject' });
    expect(readLink('#/admin/audit?actor=api_key')).toEqual({ ...NO_AUDIT_FILTERS, actorKind: 'API_KEY' });
    expect(readLink('#/admin/audit')).toEqual(NO_AUDIT_FILTERS);
    // Escaped as URLSearchParams would write it.
    expect(readLink(`#/admin/audit?entity=template%3A${TEMPLATE_ID}&action=preview_subject.retired`)).toMatchObject({ entityType: 'template', entityId: TEMPLATE_ID, action: 'preview_subject.retired' });
  });

  it('leaves out what is malformed, as if it were not given', () => {
    expect(readLink('#/admin/audit?actor=robot:1&entity=Template&action=version.%25&from=2026-02-30&to=tomorrow')).toEqual(NO_AUDIT_FILTERS);
    expect(readLink(`#/admin/audit?actor=system:${USER_ID}&entity=template:a:b&action=%E0%A4%A`)).toEqual(NO_AUDIT_FILTERS);
    expect(readLink('#/admin/audit?action=version.&action=user.&unknown=1')).toEqual({ ...NO_AUDIT_FILTERS, action: 'version.' });
  });

  it('writes readable links', () => {
    expect(auditHref(NO_AUDIT_FILTERS)).toBe('#/admin/audit');
    expect(auditHref({ ...NO_AUDIT_FILTERS, action: 'version.', entityType: 'template', entityId: TEMPLATE_ID })).toBe(`#/admin/audit?entity=template:${TEMPLATE_ID}&action=version.`);
    expect(auditHref({ ...NO_AUDIT_FILTERS, actorKind: 'USER', actorId: USER_ID, from: '2026-01-01', to: '2026-01-31' })).toBe(`#/admin/audit?actor=user:${USER_ID}&from=2026-01-01&to=2026-01-31`);
    expect(auditHref({ ...NO_AUDIT_FILTERS, actorKind: 'SYSTEM' })).toBe('#/admin/audit?actor=system');
  });

  it('reads back every link it writes', () => {
    const id = fc.oneof(fc.uuid(), fc.stringMatching(/^[\w-]{1,20}$/));
    const day = fc.date({ min: new Date(2000, 0, 1), max: new Date(2099, 11, 31), noInvalidDate: true }).map((d) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`);
    const actor = fc.oneof(
      fc.constant({ actorKind: null, actorId: null }),
      fc.constant({ actorKind: 'SYSTEM' as const, actorId: null }),
      fc.record({ actorKind: fc.constantFrom('USER' as const, 'API_KEY' as const), actorId: fc.option(id, { nil: null }) }),
    );
    const entity = fc.oneof(fc.constant({ entityType: null, entityId: null }), fc.record({ entityType: fc.stringMatching(/^[a-z][a-z_]{0,20}$/), entityId: fc.option(id, { nil: null }) }));
    const filters = fc
      .tuple(actor, entity, fc.option(fc.stringMatching(/^[a-z0-9][a-z0-9_.-]{0,30}$/), { nil: null }), fc.option(day, { nil: null }), fc.option(day, { nil: null }))
      .map(([a, e, action, from, to]): AuditFilters => ({ ...a, ...e, action, from, to }));
    fc.assert(fc.property(filters, (f) => expect(readLink(auditHref(f))).toEqual(f)));
  });

  it('says whether any filter is set', () => {
    expect(hasAuditFilters(NO_AUDIT_FILTERS)).toBe(false);
    expect(hasAuditFilters({ ...NO_AUDIT_FILTERS, to: '2026-01-01' })).toBe(true);
  });
});

describe('toAuditLogFilter', () => {
  it('sends only what is set, the days as the local start of "from" to the local end of "to"', () => {
    expect(toAuditLogFilter(NO_AUDIT_FILTERS)).toEqual({});
    expect(toAuditLogFilter({ actorKind: 'USER', actorId: USER_ID, entityType: 'template', entityId: TEMPLATE_ID, action: 'version.', from: '2026-01-31', to: '2026-02-28' })).toEqual({
      actorKind: 'USER',
      actorId: USER_ID,
      entityType: 'template',
      entityId: TEMPLATE_ID,
      action: 'version.',
      from: new Date(2026, 0, 31).toISOString(),
      to: new Date(2026, 2, 1).toISOString(),
    });
  });
});
