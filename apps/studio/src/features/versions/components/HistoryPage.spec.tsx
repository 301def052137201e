import { makeDefaultTemplateSpec, type TemplateSpec } from '@atelier/template-spec';
import { describe, expect, it, jest } from '@jest/globals';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { I18nProvider } from '../../../i18n/I18nProvider';
import { studioQueryClient } from '../../../lib/query-client';
import { makeStanding, makeTemplate, makeTemplatesPage, makeVersion } from '../../../test/factories';
import { graphQLError, stubGraphQL, type GraphQLCall } from '../../../test/stub-graphql';
import { TemplatesPage } from '../../templates/components/TemplatesPage';

// Konva does not draw in happy-dom; the canvas and its ghosts are covered by ghost-moves.spec and the e2e.
jest.unstable_mockModule('./DiffCanvas', () => ({
  DiffCanvas: ({ older, newer }: { older: { number: number }; newer: { number: number } }) => <div data-testid="history-canvas" data-older={older.number} data-newer={newer.number} />,
}));
// ESM modules are mocked before the modules that import them are loaded.
const { HistoryPage } = await import('./HistoryPage');

const FILM = '3f8a2c4e-5b6d-4e7f-8a9b-0c1d2e3f4a5b';
const OWNER = { id: 'u-owner', displayName: 'Dana Designer' };

function specs(): [TemplateSpec, TemplateSpec, TemplateSpec] {
  const v1 = makeDefaultTemplateSpec();
  v1.prompt = { ...v1.prompt, positive: 'portrait of {subject}, soft light' };
  v1.styleLoras = [{ loraId: FILM, weight: 0.6 }];
  const v2 = structuredClone(v1);
  v2.prompt.positive = 'portrait of {subject}, soft rim light';
  v2.styleLoras = [{ loraId: FILM, weight: 0.8 }];
  v2.pose!.keypoints[4] = [0.25, 0.5];
  v2.lighting.lights[0] = { ...v2.lighting.lights[0]!, x: 0.5 };
  const v3 = structuredClone(v2);
  v3.sampler.steps = 40;
  return [v1, v2, v3];
}

function version(number: number, state: string, spec: TemplateSpec, extra: Record<string, unknown> = {}) {
  return {
    id: `v${number}`,
    number,
    state,
    spec,
    createdAt: `2026-11-0${number}T08:00:00.000Z`,
    submittedAt: state === 'DRAFT' ? null : `2026-11-0${number}T09:00:00.000Z`,
    decidedAt: state === 'DRAFT' || state === 'SUBMITTED' ? null : `2026-11-0${number}T10:00:00.000Z`,
    publishedAt: state === 'PUBLISHED' || state === 'SUPERSEDED' ? `2026-11-0${number}T11:00:00.000Z` : null,
    author: OWNER,
    reviews: [],
    // v3 was submitted with a new title, the wedding category and one more tag.
    metadata: number < 3 ? { title: 'Golden Hour', description: 'Warm light.', category: 'portrait', tags: ['film'], frozen: true } : { title: 'Golden Hour Wedding', description: 'Warm light.', category: 'wedding', tags: ['film', 'bride'], frozen: state !== 'DRAFT' },
    ...extra,
  };
}

const approval = {
    id: 'r3',
    decision: 'APPROVE',
    reviewer: { id: 'u-rita', displayName: 'Rita Reviewer' },
    createdAt: '2026-11-03T10:00:00.000Z',
    scores: [
      { subjectId: 's1', real: 90, like: 80, beautiful: 70 },
      { subjectId: 's2', real: 94, like: 84, beautiful: 74 },
    ],
    comments: [{ body: 'Lovely rim light' }],
  };

function historyResponse(me: { id: string; roles: string[] }, publishedNumber: number | null = 2) {
  const [s1, s2, s3] = specs();
  return {
    body: {
      data: {
        me,
        template: {
          id: 'tpl-1',
          title: 'Golden Hour',
          baseModel: 'SDXL',
          owner: OWNER,
          publishedAt: publishedNumber ? '2026-11-02T11:00:00.000Z' : null,
          publishedVersion: publishedNumber ? { id: `v${publishedNumber}`, number: publishedNumber } : null,
          versions: [
            version(3, 'APPROVED', s3, { reviews: [{ id: approval.id, decision: approval.decision, createdAt: approval.createdAt }] }),
            version(2, publishedNumber === 2 ? 'PUBLISHED' : 'SUPERSEDED', s2),
            version(1, 'SUPERSEDED', s1),
          ],
        },
      },
    },
  };
}

const preview = (id: string, subject: string, seed: number) => ({ id, state: 'SUCCEEDED', seed, cached: false, removed: false, imageUrl: `/img/${id}.png`, thumbnailUrl: `/thumb/${id}.png`, subject: { id: `s-${subject}`, name: subject } });

function stubHistory(me: { id: string; roles: string[] }, extra: Record<string, (call: GraphQLCall) => { status?: number; body: unknown }> = {}) {
  return stubGraphQL({
    VersionHistory: () => historyResponse(me),
    VersionReviews: (call) => ({ body: { data: { templateVersion: { id: call.variables['id'], reviews: call.variables['id'] === 'v3' ? [approval] : [] } } } }),
    HistoryLoras: () => ({ body: { data: { loras: [{ id: FILM, name: 'Film grain' }] } } }),
    RevenueAgreements: () => ({ body: { data: { revenueAgreements: [{ id: 'a0', templateId: 'tpl-1', designerShareBps: 3000, effectiveFrom: null, createdAt: '2026-11-01T08:00:00.000Z', coAuthors: [{ designerId: OWNER.id, shareBps: 10000 }] }] } } }),
    AgreementDesigners: () => ({ body: { data: { users: { edges: [{ node: OWNER }] } } } }),
    TemplateRenderStats: (call) => ({ body: { data: { templateRenderStats: { templateId: 'tpl-1', from: call.variables['from'], to: call.variables['to'], versions: [] } } } }),
    VersionPreviews: (call) => ({
      body: {
        data: {
          older: { id: call.variables['olderId'], previews: [preview('o1', 'Mei', 11), preview('o2', 'Jun', 11)] },
          newer: { id: call.variables['newerId'], previews: [preview('n1', 'Mei', 11), preview('n2', 'Mei', 22)] },
        },
      },
    }),
    ...extra,
  });
}

const owner = { id: 'u-owner', roles: ['DESIGNER'] };

describe('HistoryPage', () => {
  it('lists every version newest first with its state, author, times, review and the live one marked', async () => {
    stubHistory(owner);
    render(<HistoryPage templateId="tpl-1" />);
    const rows = await waitFor(() => {
      const found = screen.getAllByTestId('history-version');
      expect(found).toHaveLength(3);
      return found;
    });
    expect(rows.map((row) => [row.dataset.versionNumber, row.dataset.state])).toEqual([
      ['3', 'APPROVED'],
      ['2', 'PUBLISHED'],
      ['1', 'SUPERSEDED'],
    ]);
    expect(rows[1]!.dataset.live).toBe('true');
    expect(rows[0]!.textContent).toContain('by Dana Designer');
    expect(rows[0]!.querySelectorAll('time')).toHaveLength(3);
    const review = within(rows[0]!).getByTestId('history-review');
    expect(review.textContent).toContain('Approved');
    await waitFor(() => expect(review.textContent).toContain('Real 92 · Like 82 · Beautiful 72'));
    expect(review.textContent).toContain('Lovely rim light');
    expect(within(review).getByTestId('history-review-reviewer').textContent).toBe('by Rita Reviewer');
    expect(screen.getByTestId('history-live').textContent).toContain('Live in the catalog: v2');
  });

  it('compares the newest with the previous version by default: a word diff of the prompt and named setting changes', async () => {
    stubHistory(owner);
    const user = userEvent.setup();
    render(<HistoryPage templateId="tpl-1" />);
    const diff = await screen.findByTestId('history-diff');
    expect([diff.dataset.older, diff.dataset.newer]).toEqual(['2', '3']);
    // v2 -> v3 changed only the sampler steps.
    expect(screen.getByTestId('history-prompt-diff').dataset.changed).toBe('false');
    await waitFor(() => expect(screen.getAllByTestId('history-change').map((line) => line.textContent)).toEqual(['Steps: 30 → 40']));
    // Title, category and tags were frozen into v3 at submission; the history names what changed.
    await waitFor(() =>
      expect(screen.getAllByTestId('history-metadata-change').map((line) => line.textContent)).toEqual(['Title: Golden Hour → Golden Hour Wedding', 'Category: Portrait → Wedding', 'Tags added: bride']),
    );

    // Choose v1 as the older side.
    await user.selectOptions(screen.getByRole('combobox', { name: 'Older' }), 'v1');
    await waitFor(() => expect(screen.getByTestId('history-diff').dataset.older).toBe('1'));
    const prompt = screen.getByTestId('history-prompt-diff');
    expect(within(prompt).getAllByTestId('diff-insert').map((node) => node.textContent)).toEqual(['rim ']);
    expect(within(prompt).queryAllByTestId('diff-delete')).toHaveLength(0);
    await waitFor(() =>
      expect(screen.getAllByTestId('history-change').map((line) => line.textContent)).toEqual([
        'Moved the right wrist',
        'Moved the light: Key',
        'Film grain: weight 0.6 → 0.8',
        'Steps: 30 → 40',
      ]),
    );
    expect(screen.getByTestId('history-canvas').dataset.newer).toBe('3');
    // The pair is in the address, so "v1 against v3" can be sent as a link.
    expect(window.location.hash).toBe('#?compare=1..3');
  });

  it('opens the comparison a link names', async () => {
    window.history.replaceState(null, '', '#/templates/tpl-1/history?compare=1..2');
    stubHistory(owner);
    render(<HistoryPage templateId="tpl-1" />);
    const diff = await screen.findByTestId('history-diff');
    expect([diff.dataset.older, diff.dataset.newer]).toEqual(['1', '2']);
  });

  it('compares a version with the one before it from its row', async () => {
    stubHistory(owner);
    const user = userEvent.setup();
    render(<HistoryPage templateId="tpl-1" />);
    await waitFor(() => expect(screen.getAllByTestId('history-version')).toHaveLength(3));
    const rows = screen.getAllByTestId('history-version');
    // v3 is already compared with v2, and v1 has nothing before it.
    expect(rows.map((row) => within(row).queryByTestId('history-compare-previous')?.textContent ?? null)).toEqual([null, 'Compare with v1', null]);
    await user.click(within(rows[1]!).getByRole('button', { name: 'Compare with v1' }));
    await waitFor(() => expect([screen.getByTestId('history-diff').dataset.older, screen.getByTestId('history-diff').dataset.newer]).toEqual(['1', '2']));
    expect(screen.getByRole<HTMLSelectElement>('combobox', { name: 'Older' }).value).toBe('v1');
    expect(screen.getByRole<HTMLSelectElement>('combobox', { name: 'Newer' }).value).toBe('v2');
    expect(within(screen.getAllByTestId('history-version')[0]!).queryByTestId('history-compare-previous')?.textContent).toBe('Compare with v2');
  });

  it('shows the two versions’ previews side by side, the same face and seed on one row', async () => {
    const calls = stubHistory(owner);
    const user = userEvent.setup();
    render(<HistoryPage templateId="tpl-1" />);
    const groups = await waitFor(() => {
      const found = screen.getAllByTestId('history-preview-group');
      expect(found).toHaveLength(2);
      return found;
    });
    expect(calls.find((call) => call.query.includes('query VersionPreviews'))?.variables).toEqual({ olderId: 'v2', newerId: 'v3' });
    expect(groups.map((group) => group.dataset.subject)).toEqual(['Jun', 'Mei']);
    const meiRows = within(groups[1]!).getAllByTestId('history-preview-row');
    expect(meiRows.map((row) => row.dataset.sameSeed)).toEqual(['true', 'false']);
    expect(meiRows[0]!.textContent).toContain('Seed 11');
    expect(within(within(meiRows[0]!).getByTestId('history-preview-older')).getByRole('img').getAttribute('src')).toBe('/thumb/o1.png');
    expect(within(within(meiRows[0]!).getByTestId('history-preview-newer')).getByRole('img').getAttribute('src')).toBe('/thumb/n1.png');
    expect(within(meiRows[1]!).getByTestId('history-preview-older').dataset.empty).toBe('true');

    await user.click(within(meiRows[0]!).getByTestId('history-preview-newer'));
    const lightbox = screen.getByRole('dialog', { name: 'Preview of Mei, seed 11' });
    expect(within(lightbox).getByRole('img').getAttribute('src')).toBe('/img/n1.png');
  });

  it('offers publish, roll back and unpublish to the owner exactly where the API allows, and none to a reviewer', async () => {
    stubHistory(owner);
    render(<HistoryPage templateId="tpl-1" />);
    await waitFor(() => expect(screen.getAllByTestId('history-version')).toHaveLength(3));
    const rows = screen.getAllByTestId('history-version');
    expect(within(rows[0]!).getByRole('button', { name: 'Publish' })).toBeTruthy();
    expect(within(rows[1]!).queryByTestId('history-publish')).toBeNull();
    expect(within(rows[1]!).queryByTestId('history-rollback')).toBeNull();
    expect(within(rows[2]!).getByRole('button', { name: 'Roll back to this' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Unpublish' })).toBeTruthy();

    stubHistory({ id: 'u-reviewer', roles: ['REVIEWER'] });
    const reviewerView = within(render(<HistoryPage templateId="tpl-1" />).container);
    await waitFor(() => expect(reviewerView.getAllByTestId('history-version')).toHaveLength(3));
    expect(reviewerView.queryByTestId('history-publish')).toBeNull();
    expect(reviewerView.queryByTestId('history-rollback')).toBeNull();
    expect(reviewerView.queryByTestId('history-unpublish')).toBeNull();
  });

  it('publishes after confirming, reloads the history and says which version is live', async () => {
    let published = false;
    const calls = stubHistory(owner, {
      VersionHistory: () => {
        const response = historyResponse(owner, published ? 3 : 2);
        if (published) (response.body.data.template.versions[0] as { state: string }).state = 'PUBLISHED';
        return response;
      },
      PublishVersion: () => {
        published = true;
        return { body: { data: { publishVersion: { id: 'v3', number: 3, state: 'PUBLISHED' } } } };
      },
    });
    const user = userEvent.setup();
    render(<HistoryPage templateId="tpl-1" />);
    await user.click(await screen.findByRole('button', { name: 'Publish' }));
    const dialog = screen.getByRole('dialog', { name: 'Publish v3?' });
    expect(dialog.textContent).toContain('Publish v3?');
    expect(dialog.textContent).toContain('v2 stops being live');
    await user.click(within(dialog).getByRole('button', { name: 'Publish' }));

    await waitFor(() => expect(screen.getByTestId('history-outcome').textContent).toContain('v3 is live in the catalog.'));
    expect(calls.filter((call) => call.query.includes('mutation PublishVersion')).map((call) => call.variables)).toEqual([{ versionId: 'v3' }]);
    await waitFor(() => expect(screen.getByTestId('history-live').dataset.liveVersion).toBe('3'));
    expect(screen.queryByTestId('history-confirm')).toBeNull();
  });

  it('has the templates list, shown again after a publish, show the new live version from its first frame', async () => {
    // The API's side: which version of tpl-1 is live, changed only by PublishVersion.
    let liveNumber = 2;
    const calls = stubHistory(owner, {
      MyTemplates: () =>
        makeTemplatesPage([
          makeTemplate({
            id: 'tpl-1',
            title: 'Golden Hour',
            draft: null,
            publishedVersion: makeVersion({ id: `v${liveNumber}`, number: liveNumber, state: 'PUBLISHED' }),
            standing: makeStanding({ state: 'PUBLISHED', versionId: `v${liveNumber}`, versionNumber: liveNumber, publishedVersionNumber: liveNumber }),
          }),
        ]),
      VersionHistory: () => historyResponse(owner, liveNumber),
      PublishVersion: ({ variables }) => {
        liveNumber = Number(String(variables['versionId']).slice(1));
        return { body: { data: { publishVersion: { id: variables['versionId'], number: liveNumber, state: 'PUBLISHED' } } } };
      },
    });
    const user = userEvent.setup();
    const publishedCell = () => screen.getByTestId('template-row').querySelector('[data-testid="template-standing-detail"]')?.textContent;
    // The designer looks at their templates, then goes to the history (the list leaves the screen, its answer stays cached).
    const list = render(<TemplatesPage />);
    await waitFor(() => expect(publishedCell()).toBe('Version 2 is live'));
    list.unmount();
    const history = render(<HistoryPage templateId="tpl-1" />);
    await user.click(await screen.findByRole('button', { name: 'Publish' }));
    await user.click(within(screen.getByRole('dialog', { name: 'Publish v3?' })).getByRole('button', { name: 'Publish' }));
    await waitFor(() => expect(screen.getByTestId('history-outcome').textContent).toContain('v3 is live in the catalog.'));
    history.unmount();
    await waitFor(() => expect(studioQueryClient.isFetching()).toBe(0));
    // The list was asked again after the publish, while it was not on screen.
    expect(calls.filter((call) => call.query.includes('query MyTemplates'))).toHaveLength(2);

    // Back on the list: what it draws before any request of its own is already the API's new answer.
    render(<TemplatesPage />);
    expect(publishedCell()).toBe('Version 3 is live');
  });

  it('keeps the dialog open with the API’s refusal when a roll back fails', async () => {
    const calls = stubHistory(owner, { RollbackTemplate: () => graphQLError('INVALID_STATE_TRANSITION', 'This version is superseded and cannot be published.') });
    const user = userEvent.setup();
    render(<HistoryPage templateId="tpl-1" />);
    await user.click(await screen.findByRole('button', { name: 'Roll back to this' }));
    const dialog = screen.getByRole('dialog', { name: 'Roll back to v1?' });
    await user.click(within(dialog).getByRole('button', { name: 'Roll back to this' }));
    await waitFor(() => expect(within(dialog).getByRole('alert').textContent).toBeTruthy());
    expect(calls.find((call) => call.query.includes('mutation RollbackTemplate'))?.variables).toEqual({ templateId: 'tpl-1', versionId: 'v1' });
    expect(screen.queryByTestId('history-outcome')).toBeNull();
  });

  it('shows the template’s revenue terms to its owner, and the form to set new ones only to an admin', async () => {
    stubHistory(owner);
    const { unmount } = render(<HistoryPage templateId="tpl-1" />);
    expect((await screen.findByTestId('agreements-share')).textContent).toBe('Designers get 30% of each sale; the platform keeps 70%.');
    expect(screen.queryByTestId('agreements-form')).toBeNull();
    unmount();
    stubHistory({ id: 'u-ada', roles: ['ADMIN'] });
    render(<HistoryPage templateId="tpl-1" />);
    expect(await screen.findByTestId('agreements-form')).toBeTruthy();
  });

  it('speaks Chinese', async () => {
    stubHistory(owner);
    const { container } = render(
      <I18nProvider initialLocale="zh-CN">
        <HistoryPage templateId="tpl-1" />
      </I18nProvider>,
    );
    await waitFor(() => expect(screen.getByTestId('history-live').textContent).toContain('目录中的线上版本：v2'));
    expect(container.textContent).toContain('版本历史');
    expect(screen.getByTestId('history-publish').textContent).toBe('发布');
    await waitFor(() => expect(screen.getAllByTestId('history-change').map((line) => line.textContent)).toEqual(['步数：30 → 40']));
    await waitFor(() => expect(screen.getAllByTestId('history-metadata-change').map((line) => line.textContent)).toEqual(['标题：Golden Hour → Golden Hour Wedding', '分类：人像 → 婚纱', '新增标签：bride']));
  });
});
