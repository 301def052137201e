import { describe, expect, it } from '@jest/globals';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { I18nProvider } from '../../../i18n/I18nProvider';
import { reasonedGraphQLError } from '../../../test/api-error';
import { graphQLError, stubGraphQL, type GraphQLCall } from '../../../test/stub-graphql';
import { RevenueTermsPage } from './RevenueTermsPage';
import { RevenueTermsPanel } from './RevenueTermsPanel';

const OWNER = { id: 'u-dana', displayName: 'Dana Designer' };
const LI = { id: 'u-li', displayName: 'Li Wei' };
const owner = { id: OWNER.id, roles: ['DESIGNER'] };
const admin = { id: 'u-ada', roles: ['ADMIN'] };

const defaultTerms = { id: 'a0', templateId: 'tpl-1', designerShareBps: 3000, effectiveFrom: null, createdAt: '2026-01-01T00:00:00.000Z', coAuthors: [{ designerId: OWNER.id, shareBps: 10000 }] };
const sharedTerms = {
  id: 'a1',
  templateId: 'tpl-1',
  designerShareBps: 4000,
  effectiveFrom: '2026-06-01T08:00:00.000Z',
  createdAt: '2026-05-30T08:00:00.000Z',
  coAuthors: [
    { designerId: OWNER.id, shareBps: 6000 },
    { designerId: LI.id, shareBps: 4000 },
  ],
};
const nextYear = { ...sharedTerms, id: 'a2', designerShareBps: 5000, effectiveFrom: '2099-01-01T00:00:00.000Z' };

function stubAgreements(agreements: unknown[], extra: Record<string, (call: GraphQLCall) => { status?: number; body: unknown }> = {}) {
  return stubGraphQL({
    RevenueAgreements: () => ({ body: { data: { revenueAgreements: agreements } } }),
    AgreementDesigners: () => ({ body: { data: { users: { edges: [{ node: OWNER }, { node: LI }] } } } }),
    ...extra,
  });
}

const panel = (viewer: { id: string; roles: string[] }) => <RevenueTermsPanel templateId="tpl-1" owner={OWNER} viewer={viewer} />;

describe('RevenueTermsPanel', () => {
  it('shows a designer the terms in force, with co-authors and their shares, the scheduled and the earlier ones; no form', async () => {
    const calls = stubAgreements([defaultTerms, sharedTerms, nextYear]);
    render(panel(owner));
    const inForce = await screen.findByTestId('agreements-in-force');
    expect(inForce.dataset.agreementId).toBe('a1');
    expect(inForce.textContent).toContain('From Jun 1, 2026');
    expect(screen.getByTestId('agreements-share').textContent).toBe('Designers get 40% of each sale; the platform keeps 60%.');
    expect(screen.getAllByTestId('agreements-author').map((li) => li.textContent)).toEqual(['Dana Designer (you)60% of the designers’ part', `Designer ${LI.id.slice(0, 8)}40% of the designers’ part`]);
    expect(within(screen.getByTestId('agreements-upcoming')).getByTestId('agreements-row').dataset.agreementId).toBe('a2');
    const earlier = within(screen.getByTestId('agreements-earlier')).getByTestId('agreements-row');
    expect(earlier.textContent).toContain('From the template’s creation (default terms)');
    expect(earlier.textContent).toContain('30% to designers · Dana Designer (you) 100%');
    expect(screen.queryByTestId('agreements-form')).toBeNull();
    expect(calls.map((c) => /(?:query|mutation)\s+(\w+)/.exec(c.query)?.[1])).toEqual(['RevenueAgreements']);
    expect(calls[0]!.variables).toEqual({ templateId: 'tpl-1' });
  });

  it('names co-authors by the display name the API gives, falling back to a short id', async () => {
    const named = { ...sharedTerms, coAuthors: [{ designerId: OWNER.id, shareBps: 6000 }, { designerId: LI.id, displayName: 'Li Wei', shareBps: 4000 }] };
    stubAgreements([defaultTerms, named]);
    render(panel(owner));
    await screen.findByTestId('agreements-in-force');
    expect(screen.getAllByTestId('agreements-author').map((li) => li.textContent)).toEqual(['Dana Designer (you)60% of the designers’ part', 'Li Wei40% of the designers’ part']);
  });

  it('shows nothing to someone the API refuses (not an author, not an admin)', async () => {
    const calls = stubGraphQL({ RevenueAgreements: () => graphQLError('FORBIDDEN', 'Only the template’s authors and admins can see its revenue agreement.') });
    const { container } = render(panel({ id: 'u-rita', roles: ['REVIEWER'] }));
    await waitFor(() => expect(calls).toHaveLength(1));
    await waitFor(() => expect(container.textContent).toBe(''));
  });

  it('previews for an admin how a ¥9.90 sale splits between platform and co-authors, live as the terms and the amount change', async () => {
    stubAgreements([defaultTerms, sharedTerms]);
    const user = userEvent.setup();
    render(panel(admin));
    const split = await screen.findByTestId('agreements-split');
    await waitFor(() => expect(screen.getAllByTestId('agreements-split-designer')[1]!.textContent).toContain('Li Wei'));
    // 990 fen at 40 %: 396 to the designers (60/40 -> 237.6 / 158.4 -> 238 / 158), 594 to the platform.
    expect(within(split).getByTestId('agreements-split-platform').dataset.minor).toBe('594');
    expect(screen.getAllByTestId('agreements-split-designer').map((row) => row.dataset.minor)).toEqual(['238', '158']);
    expect(within(split).getByTestId('agreements-split-platform').textContent).toContain('¥5.94');

    await user.clear(screen.getByTestId('agreements-designer-share'));
    await user.type(screen.getByTestId('agreements-designer-share'), '30');
    await user.clear(screen.getByTestId('agreements-sale'));
    await user.type(screen.getByTestId('agreements-sale'), '100');
    expect(screen.getByTestId('agreements-split-platform').dataset.minor).toBe('7000');
    expect(screen.getAllByTestId('agreements-split-designer').map((row) => [row.dataset.designerId, row.dataset.minor])).toEqual([
      [OWNER.id, '1800'],
      [LI.id, '1200'],
    ]);

    // Shares that do not add up: no split, the reason, and no saving.
    const shares = screen.getAllByTestId('agreements-coauthor-share');
    await user.clear(shares[1]!);
    await user.type(shares[1]!, '30');
    expect(screen.queryByTestId('agreements-split')).toBeNull();
    expect(screen.getByTestId('agreements-problems').textContent).toContain('Co-author shares must add up to 100 % (now 90%).');
    expect((screen.getByTestId('agreements-save') as HTMLButtonElement).disabled).toBe(true);
  });

  it('saves new terms with the share, co-authors in order and the start time, then reloads the terms', async () => {
    let agreements: unknown[] = [defaultTerms];
    const calls = stubAgreements([], {
      RevenueAgreements: () => ({ body: { data: { revenueAgreements: agreements } } }),
      SetRevenueAgreement: (call) => {
        const input = call.variables['input'] as { effectiveFrom: string };
        agreements = [defaultTerms, { ...sharedTerms, id: 'a9', effectiveFrom: input.effectiveFrom }];
        return { body: { data: { setRevenueAgreement: agreements[1] } } };
      },
    });
    const user = userEvent.setup();
    render(panel(admin));
    await screen.findByTestId('agreements-form');
    await user.clear(screen.getByTestId('agreements-designer-share'));
    await user.type(screen.getByTestId('agreements-designer-share'), '40');
    await user.clear(screen.getAllByTestId('agreements-coauthor-share')[0]!);
    await user.type(screen.getAllByTestId('agreements-coauthor-share')[0]!, '60');
    await user.click(screen.getByTestId('agreements-coauthor-add'));
    await waitFor(() => expect(screen.getAllByTestId('agreements-coauthor-designer')[1]!.querySelectorAll('option')).toHaveLength(3));
    await user.selectOptions(screen.getAllByTestId('agreements-coauthor-designer')[1]!, LI.id);
    await user.type(screen.getAllByTestId('agreements-coauthor-share')[1]!, '40');
    const from = screen.getByTestId('agreements-effective-from') as HTMLInputElement;
    await user.clear(from);
    await user.type(from, '2099-03-01T09:30');
    await user.click(screen.getByTestId('agreements-save'));

    expect((await screen.findByTestId('agreements-saved')).textContent).toContain('The new terms are saved');
    const saved = calls.find((c) => c.query.includes('mutation SetRevenueAgreement'))!;
    expect(saved.variables).toEqual({
      input: {
        templateId: 'tpl-1',
        designerShareBps: 4000,
        coAuthors: [
          { designerId: OWNER.id, shareBps: 6000 },
          { designerId: LI.id, shareBps: 4000 },
        ],
        effectiveFrom: new Date('2099-03-01T09:30').toISOString(),
      },
    });
    await waitFor(() => expect(within(screen.getByTestId('agreements-upcoming')).getByTestId('agreements-row').dataset.agreementId).toBe('a9'));
  });

  it('puts an API refusal next to its field: a past date under the date, an unknown designer on its row', async () => {
    let refusal = graphQLError('BAD_USER_INPUT', 'An agreement applies from now on.', [{ path: 'effectiveFrom', message: 'must not be in the past' }]);
    stubAgreements([defaultTerms, sharedTerms], { SetRevenueAgreement: () => refusal });
    const user = userEvent.setup();
    render(panel(admin));
    await screen.findByTestId('agreements-form');
    await user.click(screen.getByTestId('agreements-save'));
    await waitFor(() => expect(screen.getByTestId('agreements-effective-from-note').textContent).toBe('must not be in the past'));
    expect(screen.getByTestId('agreements-effective-from-note').className).toBe('field-error');
    expect(screen.queryByTestId('agreements-form-error')).toBeNull();

    refusal = graphQLError('BAD_USER_INPUT', 'No active designer has this id.', [{ path: 'coAuthors.1.designerId', message: 'No active designer has this id.' }]);
    await user.click(screen.getByTestId('agreements-save'));
    const rows = screen.getAllByTestId('agreements-coauthor-row');
    await waitFor(() => expect(within(rows[1]!).getByTestId('agreements-coauthor-error').textContent).toBe('No active designer has this id.'));
    expect(within(rows[0]!).queryByTestId('agreements-coauthor-error')).toBeNull();
    expect(screen.getByTestId('agreements-effective-from-note').className).toBe('field-hint');
  });

  it('gives a co-author the terms on a page of their own, and says so when the API refuses', async () => {
    const calls = stubAgreements([defaultTerms, sharedTerms]);
    const { unmount } = render(<RevenueTermsPage templateId="tpl-1" viewer={{ ...LI, roles: ['DESIGNER'] }} />);
    expect((await screen.findByTestId('agreements-share')).textContent).toBe('Designers get 40% of each sale; the platform keeps 60%.');
    expect(screen.getAllByTestId('agreements-author').map((li) => li.dataset.designerId)).toEqual([OWNER.id, LI.id]);
    expect(screen.getAllByTestId('agreements-author')[1]!.textContent).toContain('Li Wei (you)');
    expect(screen.queryByTestId('agreements-form')).toBeNull();
    expect(calls[0]!.variables).toEqual({ templateId: 'tpl-1' });
    unmount();

    stubGraphQL({ RevenueAgreements: () => graphQLError('FORBIDDEN', 'Only the template’s authors and admins can see its revenue agreement.') });
    render(<RevenueTermsPage templateId="tpl-2" viewer={{ id: 'u-rita', roles: ['DESIGNER'] }} />);
    expect((await screen.findByRole('alert')).textContent).toBeTruthy();
  });

  it("says the ledger's refusals in Chinese, next to their fields", async () => {
    let refusal = reasonedGraphQLError('BAD_USER_INPUT', 'agreement.effectiveFromPast', {}, ['effectiveFrom']);
    stubAgreements([defaultTerms, sharedTerms], { SetRevenueAgreement: () => refusal });
    const user = userEvent.setup();
    render(<I18nProvider initialLocale="zh-CN">{panel(admin)}</I18nProvider>);
    await screen.findByTestId('agreements-form');
    await user.click(screen.getByTestId('agreements-save'));
    await waitFor(() => expect(screen.getByTestId('agreements-effective-from-note').textContent).toBe('条款只能从现在起生效：已记录的使用保留记录时的条款。请选择今天或之后的日期。'));

    refusal = reasonedGraphQLError('BAD_USER_INPUT', 'agreement.designerUnknown', {}, ['coAuthors.1.designerId']);
    await user.click(screen.getByTestId('agreements-save'));
    const rows = screen.getAllByTestId('agreements-coauthor-row');
    await waitFor(() => expect(within(rows[1]!).getByTestId('agreements-coauthor-error').textContent).toBe('没有使用此 ID 的在职设计师。'));

    // Terms with no co-author at all: the ledger's own sentence, in Chinese.
    for (const remove of screen.getAllByTestId('agreements-coauthor-remove').reverse()) await user.click(remove);
    expect(within(screen.getByTestId('agreements-problems')).getAllByRole('listitem').map((li) => li.textContent)).toEqual(['请至少添加一位共同作者。']);
  });

  it('speaks Chinese', async () => {
    stubAgreements([defaultTerms, sharedTerms]);
    render(<I18nProvider initialLocale="zh-CN">{panel(admin)}</I18nProvider>);
    expect((await screen.findByTestId('agreements-share')).textContent).toBe('设计师获得每笔销售的 40%；平台保留 60%。');
    expect(screen.getByRole('heading', { name: '收益条款' })).toBeTruthy();
    expect(screen.getByTestId('agreements-in-force').textContent).toContain('当前生效');
    expect(screen.getByTestId('agreements-preview').textContent).toContain('一笔销售将如何分配');
    expect(screen.getByTestId('agreements-split-platform').textContent).toContain('平台');
    expect(screen.getByTestId('agreements-save').textContent).toBe('保存条款');
  });
});
