import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { I18nProvider } from '../../../i18n/I18nProvider';
import { graphQLError, stubGraphQL, type GraphQLCall } from '../../../test/stub-graphql';
import type { AuditEntry } from '../graphql/audit.graphql';
import { AuditLogPage } from './AuditLogPage';

const TEMPLATE_ID = '6f1d4c2a-0000-4000-8000-00000000000a';
const ADA_ID = '6f1d4c2a-0000-4000-8000-0000000000ad';

const CREATED: AuditEntry = {
  id: '42',
  action: 'template.created',
  entityType: 'template',
  entityId: TEMPLATE_ID,
  entityLabel: 'Golden hour',
  before: null,
  after: { title: 'Golden hour', baseModel: 'sdxl' },
  createdAt: '2026-11-20T04:05:06.000Z',
  actor: { kind: 'USER', id: ADA_ID, label: 'Ada Designer' },
};
const SAVED: AuditEntry = { ...CREATED, id: '43', action: 'version.draft_saved', entityType: 'template_version', entityId: 'v-1', entityLabel: 'Golden hour v1', before: { revision: 1 }, after: { revision: 2 } };
const PURGED: AuditEntry = { ...CREATED, id: '41', action: 'preview_subject.purged', entityType: 'preview_subject', entityId: 's-1', entityLabel: 'Mei', before: null, after: { removedPreviews: 3 }, actor: { kind: 'SYSTEM', id: null, label: 'System' } };
const EXPORTED: AuditEntry = { ...CREATED, id: '40', action: 'catalog.exported', actor: { kind: 'API_KEY', id: 'k-1', label: 'Miaoya app' } };

const ACTIONS = ['preview_subject.purged', 'template.created', 'template.updated', 'version.draft_saved', 'version.submitted'];

function page(nodes: AuditEntry[], totalCount: number, endCursor: string | null = null, hasNextPage = false) {
  return { body: { data: { auditLog: { totalCount, pageInfo: { hasNextPage, endCursor }, edges: nodes.map((node) => ({ node })) } } } };
}

function stubAuditApi(handlers: Parameters<typeof stubGraphQL>[0] = {}) {
  return stubGraphQL({
    AuditLog: () => page([SAVED, CREATED, PURGED, EXPORTED], 4),
    AuditActions: () => ({ body: { data: { auditActions: ACTIONS } } }),
    AuditLogCsv: () => ({ body: { data: { auditLogCsv: { csv: 'time,actor_kind\r\n', rowCount: 4, totalCount: 4, truncated: false, maxRows: 5000 } } } }),
    ...handlers,
  });
}

const logCalls = (calls: GraphQLCall[]) => calls.filter((c) => c.query.includes('query AuditLog(')).map((c) => c.variables);
const rows = () => screen.getAllByTestId('audit-row');

describe('AuditLogPage', () => {
  beforeEach(() => {
    window.location.hash = '#/admin/audit';
  });
  afterEach(() => {
    window.location.hash = '';
  });

  it('shows who did what to which object, newest first, with names', async () => {
    stubAuditApi();
    render(<AuditLogPage />);
    await waitFor(() => expect(rows()).toHaveLength(4));
    expect(screen.getByTestId('audit-count').textContent).toBe('4 entries, newest first');
    const [saved, , purged, exported] = rows();
    expect(within(saved!).getByTestId('audit-actor').textContent).toBe('Ada Designer');
    expect(within(saved!).getByTestId('audit-action').textContent).toBe('Draft savedversion.draft_saved');
    expect(within(saved!).getByTestId('audit-object').textContent).toBe('VersionGolden hour v1');
    expect(within(purged!).getByTestId('audit-actor').textContent).toBe('System');
    expect(within(purged!).getByTestId('audit-action').textContent).toBe('Face files deleted for privacypreview_subject.purged');
    // An action the studio has no words for yet shows as the API wrote it.
    expect(within(exported!).getByTestId('audit-action').textContent).toBe('catalog.exportedcatalog.exported');
    expect(within(exported!).getByTestId('audit-actor').textContent).toBe('Miaoya appAPI key');
    // The actor and the object link to the log filtered by them.
    expect(within(saved!).getByRole('link', { name: 'Ada Designer' }).getAttribute('href')).toBe(`#/admin/audit?actor=user:${ADA_ID}`);
    expect(within(saved!).getByRole('link', { name: 'Golden hour v1' }).getAttribute('href')).toBe('#/admin/audit?entity=template_version:v-1');
  });

  it('reads the filters from the link and asks the API for exactly those entries', async () => {
    window.location.hash = `#/admin/audit?actor=user:${ADA_ID}&entity=template:${TEMPLATE_ID}&action=version.&from=2026-01-01&to=2026-01-31`;
    const calls = stubAuditApi({ AuditLog: () => page([CREATED], 1) });
    render(<AuditLogPage />);
    await waitFor(() => expect(rows()).toHaveLength(1));
    expect(logCalls(calls)).toEqual([
      {
        filter: { actorKind: 'USER', actorId: ADA_ID, entityType: 'template', entityId: TEMPLATE_ID, action: 'version.', from: new Date(2026, 0, 1).toISOString(), to: new Date(2026, 1, 1).toISOString() },
        first: 50,
      },
    ]);
    expect((screen.getByLabelText('Who') as HTMLSelectElement).value).toBe('USER');
    expect((screen.getByLabelText('Object') as HTMLSelectElement).value).toBe('template');
    await waitFor(() => expect((screen.getByLabelText('Action') as HTMLSelectElement).value).toBe('version.'));
    expect((screen.getByLabelText('From') as HTMLInputElement).value).toBe('2026-01-01');
    expect((screen.getByLabelText('To') as HTMLInputElement).value).toBe('2026-01-31');
    // The actor and the object picked from rows show as chips, named from the rows.
    expect(screen.getByTestId('audit-chip-actor').textContent).toBe('Only by Ada Designer');
    expect(screen.getByTestId('audit-chip-object').textContent).toBe('Only Template · Golden hour');
  });

  it('writes every filter change into the link, and loads the entries it names', async () => {
    const user = userEvent.setup();
    const calls = stubAuditApi();
    render(<AuditLogPage />);
    await waitFor(() => expect(rows()).toHaveLength(4));
    expect(logCalls(calls)).toEqual([{ filter: {}, first: 50 }]);

    // The action menu groups the log's actions by object, each group with "any action" of it.
    const action = screen.getByLabelText('Action') as HTMLSelectElement;
    await waitFor(() => expect(within(action).getByRole('option', { name: 'Version: any action' })).toBeTruthy());
    expect(within(action).getAllByRole('group').map((g) => g.getAttribute('label'))).toEqual(['Preview face', 'Template', 'Version']);
    await user.selectOptions(action, 'version.draft_saved');
    await waitFor(() => expect(window.location.hash).toBe('#/admin/audit?action=version.draft_saved'));
    await waitFor(() => expect(logCalls(calls).at(-1)).toEqual({ filter: { action: 'version.draft_saved' }, first: 50 }));

    await user.selectOptions(screen.getByLabelText('Who'), 'System');
    await waitFor(() => expect(window.location.hash).toBe('#/admin/audit?actor=system&action=version.draft_saved'));
    await user.selectOptions(screen.getByLabelText('Object'), 'Preview face');
    await waitFor(() => expect(window.location.hash).toBe('#/admin/audit?actor=system&entity=preview_subject&action=version.draft_saved'));
    await user.type(screen.getByLabelText('From'), '2026-03-01');
    await waitFor(() => expect(window.location.hash).toBe('#/admin/audit?actor=system&entity=preview_subject&action=version.draft_saved&from=2026-03-01'));
    await waitFor(() =>
      expect(logCalls(calls).at(-1)).toEqual({ filter: { actorKind: 'SYSTEM', entityType: 'preview_subject', action: 'version.draft_saved', from: new Date(2026, 2, 1).toISOString() }, first: 50 }),
    );

    // Following an actor's link narrows to them; a chip takes it off again; Clear takes everything off.
    await user.click(within(rows()[0]!).getByRole('link', { name: 'Ada Designer' }));
    await waitFor(() => expect(window.location.hash).toBe(`#/admin/audit?actor=user:${ADA_ID}&entity=preview_subject&action=version.draft_saved&from=2026-03-01`));
    await user.click(await screen.findByRole('button', { name: 'Remove filter: Only by Ada Designer' }));
    await waitFor(() => expect(window.location.hash).toBe('#/admin/audit?actor=user&entity=preview_subject&action=version.draft_saved&from=2026-03-01'));
    await user.click(screen.getByRole('button', { name: 'Clear filters' }));
    await waitFor(() => expect(window.location.hash).toBe('#/admin/audit'));
    expect(screen.queryByRole('button', { name: 'Clear filters' })).toBeNull();
  });

  it('loads more entries with the cursor and appends them', async () => {
    const user = userEvent.setup();
    const calls = stubAuditApi({ AuditLog: ({ variables }) => (variables.after ? page([PURGED], 3, 'c-3') : page([SAVED, CREATED], 3, 'c-2', true)) });
    render(<AuditLogPage />);
    await waitFor(() => expect(rows()).toHaveLength(2));
    await user.click(screen.getByRole('button', { name: 'Show more' }));
    await waitFor(() => expect(rows().map((r) => r.getAttribute('data-entry-id'))).toEqual(['43', '42', '41']));
    expect(logCalls(calls)).toEqual([
      { filter: {}, first: 50 },
      { filter: {}, first: 50, after: 'c-2' },
    ]);
    expect(screen.queryByTestId('audit-load-more')).toBeNull();
  });

  it('opens an entry to show what it changed', async () => {
    const user = userEvent.setup();
    stubAuditApi();
    render(<AuditLogPage />);
    await waitFor(() => expect(rows()).toHaveLength(4));
    const toggle = within(rows()[0]!).getByRole('button', { name: /^Details of "Draft saved"/ });
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    await user.click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    const details = screen.getByTestId('audit-details');
    expect(within(details).getByText('Before').nextElementSibling!.textContent).toBe('{\n  "revision": 1\n}');
    expect(within(details).getByText('After').nextElementSibling!.textContent).toBe('{\n  "revision": 2\n}');
    expect(details.textContent).toContain(`Actor id${ADA_ID}`);
    await user.click(toggle);
    expect(screen.queryByTestId('audit-details')).toBeNull();
  });

  it('downloads the filtered entries as CSV, and says when the file holds only the newest', async () => {
    window.location.hash = '#/admin/audit?action=template.';
    const blobs: Blob[] = [];
    jest.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
      blobs.push(blob as Blob);
      return 'blob:audit';
    });
    jest.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined);
    const clicked: string[] = [];
    jest.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push(this.download);
    });
    let truncated = false;
    const user = userEvent.setup();
    const calls = stubAuditApi({
      AuditLogCsv: () => ({ body: { data: { auditLogCsv: { csv: 'time,actor_kind\r\n', rowCount: truncated ? 5000 : 2, totalCount: truncated ? 7321 : 2, truncated, maxRows: 5000 } } } }),
    });
    render(<AuditLogPage />);
    await waitFor(() => expect(rows()).toHaveLength(4));

    await user.click(screen.getByRole('button', { name: 'Download CSV' }));
    await waitFor(() => expect(screen.getByTestId('audit-csv-status').textContent).toBe('Downloaded 2 entries.'));
    expect(calls.find((c) => c.query.includes('query AuditLogCsv'))!.variables).toEqual({ filter: { action: 'template.' } });
    expect(clicked).toHaveLength(1);
    expect(clicked[0]).toMatch(/^atelier-audit-log-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(blobs[0]!.type).toBe('text/csv;charset=utf-8');
    expect(await blobs[0]!.text()).toBe('\uFEFFtime,actor_kind\r\n');

    truncated = true;
    await user.click(screen.getByRole('button', { name: 'Download CSV' }));
    await waitFor(() =>
      expect(screen.getByTestId('audit-csv-status').textContent).toBe('The file holds the newest 5,000 of 7,321 entries. Narrow the filters (a shorter period, one action) to download the rest.'),
    );
  });

  it('reports a refused download with the reason and keeps the list', async () => {
    const user = userEvent.setup();
    stubAuditApi({ AuditLogCsv: () => ({ status: 400, ...graphQLError('BAD_USER_INPUT', 'The end of the period must come after its start.', [{ path: 'to', message: 'The end of the period must come after its start.' }]) }) });
    render(<AuditLogPage />);
    await waitFor(() => expect(rows()).toHaveLength(4));
    await user.click(screen.getByRole('button', { name: 'Download CSV' }));
    expect((await screen.findByTestId('audit-csv-error')).textContent).toContain('The end of the period must come after its start.');
    expect(rows()).toHaveLength(4);
  });

  it('reports a refused list with the reason', async () => {
    stubAuditApi({ AuditLog: () => ({ status: 403, ...graphQLError('FORBIDDEN', 'You do not have access to this.') }) });
    render(<AuditLogPage />);
    expect(await screen.findByTestId('admin-load-error')).toBeTruthy();
    expect(screen.queryByTestId('audit-row')).toBeNull();
  });

  it('speaks Chinese', async () => {
    stubAuditApi();
    render(
      <I18nProvider initialLocale="zh-CN">
        <AuditLogPage />
      </I18nProvider>,
    );
    await waitFor(() => expect(rows()).toHaveLength(4));
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('审计日志');
    expect(screen.getByTestId('audit-count').textContent).toBe('共 4 条记录，最新的在前');
    expect(within(rows()[2]!).getByTestId('audit-actor').textContent).toBe('系统');
    expect(within(rows()[0]!).getByTestId('audit-action').textContent).toBe('保存了草稿version.draft_saved');
    expect(screen.getByRole('button', { name: '下载 CSV' })).toBeTruthy();
  });
});
