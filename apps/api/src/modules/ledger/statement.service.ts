import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { StatementTotals } from '@atelier/revenue-share';
import { Clock } from '../../common/clock.js';
import { csvCell } from '../../common/csv-cell.js';
import { badInputIssues, forbidden, inputIssue, notFound, reasonError, requireUuid } from '../../common/app-error.js';
import { MAX_PAGE_SIZE } from '../../common/connection.js';
import { hasRole, type AuthUser } from '../../common/request-context.js';
import { API_CONFIG, type ApiConfig } from '../../config/api-config.js';
import { AuditService } from '../audit/audit.service.js';
import { LedgerRepository, timeOrderedUuid, type AccountKey } from './ledger.repository.js';

// Months are calendar months in China time (UTC+8 all year, no daylight saving), where the designers are.
export const STATEMENT_UTC_OFFSET_HOURS = 8;
const STATEMENT_TIME_ZONE = 'Asia/Shanghai';
const MAX_EARNINGS_MONTHS = 36;
const MAX_PAYOUT_REFERENCE = 200;

export interface StatementLineView {
  templateId: string;
  templateTitle: string;
  versionId: string;
  versionNumber: number;
  uses: number;
  grossMinor: number;
  shareMinor: number;
  refundsMinor: number;
  netMinor: number;
}

export interface StatementView extends Omit<StatementTotals, 'lines'> {
  id: string;
  designerId: string;
  month: string;
  currency: string;
  lines: StatementLineView[];
  paidAt: Date | null;
  payoutReference: string | null;
  payoutMinor: number | null;
  /** What paying this statement now would pay out: 0 once paid, while the month runs, or when later payouts covered it. */
  outstandingMinor: number;
}

export interface EarningsRowView {
  month: string;
  templateId: string;
  templateTitle: string;
  currency: string;
  uses: number;
  grossMinor: number;
  shareMinor: number;
  refundsMinor: number;
  netMinor: number;
}

export interface RecentUsageView {
  kind: 'USAGE' | 'REFUND';
  occurredAt: Date;
  templateId: string;
  templateTitle: string;
  versionNumber: number;
  appName: string | null;
  currency: string;
  /** The event's gross, or the refund it came from. */
  basisMinor: number;
  /** This designer's part: positive for usage, negative for a refund. */
  shareMinor: number;
}

export interface RevenueOverviewView {
  currency: string;
  platformRevenueMinor: number;
  paidOutMinor: number;
  apps: Array<{ appId: string; appName: string; uses: number; grossMinor: number; refundedMinor: number; receivableMinor: number }>;
  designers: Array<{ designerId: string; displayName: string; earnedMinor: number; paidMinor: number; unpaidMinor: number }>;
}

/** 'YYYY-MM' -> [start, end) instants of that month in China time. */
export function monthBounds(month: string): { start: Date; end: Date } {
  const match = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(month);
  if (!match) throw badInputIssues([inputIssue('month', 'statement.monthFormat')]);
  const year = Number(match[1]);
  const index = Number(match[2]) - 1;
  const offset = STATEMENT_UTC_OFFSET_HOURS * 3600_000;
  return { start: new Date(Date.UTC(year, index, 1) - offset), end: new Date(Date.UTC(year, index + 1, 1) - offset) };
}

// Ten years of statements, as accounting records are kept.
const STATEMENT_HISTORY_MONTHS = 120;

function monthsBetween(from: string, to: string): number {
  return (Number(to.slice(0, 4)) - Number(from.slice(0, 4))) * 12 + Number(to.slice(5, 7)) - Number(from.slice(5, 7));
}

function addMonths(month: string, delta: number): string {
  const d = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)) - 1 + delta, 1));
  return d.toISOString().slice(0, 7);
}

/** The statement month ("YYYY-MM", China time) a moment falls in. */
export function statementMonthOf(at: Date): string {
  return new Date(at.getTime() + STATEMENT_UTC_OFFSET_HOURS * 3600_000).toISOString().slice(0, 7);
}

// Designer statements, earnings and payouts, all computed from the journal (statements are never
// stored as figures, so they always reconcile with the ledger); a statement row exists to be paid.
export type StatementCsvLocale = 'en' | 'zh-CN';

// The statement CSV's labels in the studio's languages (figures, ids and dates stay as they are).
const STATEMENT_CSV_LABELS: Record<StatementCsvLocale, Record<'statement' | 'designer' | 'currency' | 'template' | 'templateId' | 'version' | 'uses' | 'gross' | 'share' | 'refunds' | 'net' | 'total' | 'opening' | 'payouts' | 'closing' | 'paid' | 'reference' | 'amount', string>> = {
  en: { statement: 'statement', designer: 'designer', currency: 'currency', template: 'template', templateId: 'template id', version: 'version', uses: 'uses', gross: 'gross', share: 'share', refunds: 'refunds', net: 'net', total: 'total', opening: 'opening balance', payouts: 'payouts', closing: 'closing balance', paid: 'paid', reference: 'reference', amount: 'amount' },
  'zh-CN': { statement: '对账单', designer: '设计师', currency: '币种', template: '模板', templateId: '模板 ID', version: '版本', uses: '使用次数', gross: '销售额', share: '分成', refunds: '退款', net: '净额', total: '合计', opening: '期初余额', payouts: '已付款', closing: '期末余额', paid: '付款时间', reference: '付款凭证', amount: '金额' },
};

@Injectable()
export class StatementService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly ledger: LedgerRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  async statement(user: AuthUser, designerId: string, month: string, currency = 'CNY'): Promise<StatementView | null> {
    const id = requireUuid(designerId, 'Designer');
    this.requireSelfOrAdmin(user, id);
    monthBounds(month);
    // A statement row is created on first read: only for the platform's currencies and for months up
    // to the running one, at most STATEMENT_HISTORY_MONTHS back, so reads cannot fill the table.
    if (!this.config.ledger.currencies.includes(currency)) {
      throw badInputIssues([inputIssue('currency', 'statement.currencyNotKept', { currencies: this.config.ledger.currencies.join(', ') })]);
    }
    const current = statementMonthOf(this.clock.now());
    if (month > current) throw badInputIssues([inputIssue('month', 'statement.monthNotBegun', { month, current })]);
    if (monthsBetween(month, current) > STATEMENT_HISTORY_MONTHS) {
      throw badInputIssues([inputIssue('month', 'statement.monthTooOld', { months: STATEMENT_HISTORY_MONTHS, earliest: addMonths(current, -STATEMENT_HISTORY_MONTHS) })]);
    }
    const [designer] = await this.dataSource.query(`SELECT id FROM users WHERE id = $1`, [id]);
    if (!designer) return null;
    await this.dataSource.query(`INSERT INTO designer_statements (designer_id, month, currency) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, [id, `${month}-01`, currency]);
    const [row]: Array<{ id: string }> = await this.dataSource.query(`SELECT id FROM designer_statements WHERE designer_id = $1 AND month = $2 AND currency = $3`, [id, `${month}-01`, currency]);
    return this.compute(row!.id);
  }

  async statementById(user: AuthUser, statementId: string): Promise<StatementView> {
    const view = await this.compute(requireUuid(statementId, 'Statement'));
    this.requireSelfOrAdmin(user, view.designerId);
    return view;
  }

  async earnings(user: AuthUser, designerId: string, from: string, to: string): Promise<EarningsRowView[]> {
    const id = requireUuid(designerId, 'Designer');
    this.requireSelfOrAdmin(user, id);
    const start = monthBounds(from).start;
    const end = monthBounds(to).end;
    const months = (Date.parse(`${to}-01`) - Date.parse(`${from}-01`)) / (30.4 * 86400_000);
    if (end <= start) throw badInputIssues([inputIssue('to', 'earnings.rangeReversed')]);
    if (months > MAX_EARNINGS_MONTHS) throw badInputIssues([inputIssue('to', 'earnings.rangeTooLong', { max: MAX_EARNINGS_MONTHS })]);
    const rows: Array<{ month: string; template_id: string; title: string; currency: string; kind: string; n: number; amount: string; basis: string | null }> = await this.dataSource.query(
      `SELECT to_char(e.occurred_at AT TIME ZONE $4, 'YYYY-MM') AS month, v.template_id, t.title, a.currency, e.kind, count(*)::int AS n, sum(e.amount) AS amount, sum(e.basis_minor) AS basis
       FROM ledger_accounts a
       JOIN ledger_entries e ON e.account_id = a.id AND e.account_kind = 'DESIGNER_PAYABLE' AND e.occurred_at >= $2 AND e.occurred_at < $3 AND e.kind <> 'PAYOUT'
       JOIN template_versions v ON v.id = e.template_version_id
       JOIN templates t ON t.id = v.template_id
       WHERE a.kind = 'DESIGNER_PAYABLE' AND a.owner_id = $1
       GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 3, 2`,
      [id, start, end, STATEMENT_TIME_ZONE],
    );
    const byKey = new Map<string, EarningsRowView>();
    for (const r of rows) {
      const key = `${r.month}:${r.template_id}:${r.currency}`;
      const row = byKey.get(key) ?? { month: r.month, templateId: r.template_id, templateTitle: r.title, currency: r.currency, uses: 0, grossMinor: 0, shareMinor: 0, refundsMinor: 0, netMinor: 0 };
      if (r.kind === 'USAGE') {
        row.uses += r.n;
        row.grossMinor += Number(r.basis ?? 0);
        row.shareMinor += -Number(r.amount);
      } else {
        row.refundsMinor += Number(r.amount);
      }
      row.netMinor = row.shareMinor - row.refundsMinor;
      byKey.set(key, row);
    }
    return [...byKey.values()];
  }

  /** The designer's latest usage and refund lines, newest first (read from the journal's account index). */
  async recentUsage(user: AuthUser, designerId: string, first = 20): Promise<RecentUsageView[]> {
    const id = requireUuid(designerId, 'Designer');
    this.requireSelfOrAdmin(user, id);
    if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) throw badInputIssues([inputIssue('first', 'common.pageSize', { max: MAX_PAGE_SIZE })]);
    const rows: Array<{ kind: 'USAGE' | 'REFUND'; occurred_at: Date; template_id: string; title: string; number: number; app: string | null; currency: string; basis: string; amount: string }> = await this.dataSource.query(
      `SELECT e.kind, e.occurred_at, v.template_id, t.title, v.number, c.name AS app, e.currency, e.basis_minor AS basis, e.amount
       FROM ledger_accounts a
       CROSS JOIN LATERAL (SELECT * FROM ledger_entries x WHERE x.account_id = a.id AND x.account_kind = 'DESIGNER_PAYABLE' AND x.kind <> 'PAYOUT' ORDER BY x.occurred_at DESC LIMIT $2) e
       JOIN template_versions v ON v.id = e.template_version_id
       JOIN templates t ON t.id = v.template_id
       LEFT JOIN ledger_transactions tx ON tx.id = e.transaction_id
       LEFT JOIN consumer_apps c ON c.id = tx.consumer_app_id
       WHERE a.kind = 'DESIGNER_PAYABLE' AND a.owner_id = $1
       ORDER BY e.occurred_at DESC LIMIT $2`,
      [id, first],
    );
    return rows.map((r) => ({ kind: r.kind, occurredAt: r.occurred_at, templateId: r.template_id, templateTitle: r.title, versionNumber: r.number, appName: r.app, currency: r.currency, basisMinor: Number(r.basis ?? 0), shareMinor: -Number(r.amount) }));
  }

  /** Posts the payout of what this statement still owes, once; repeating it with the same reference answers the same. */
  async markPaid(admin: AuthUser, statementId: string, reference: string): Promise<StatementView> {
    const id = requireUuid(statementId, 'Statement');
    const ref = reference.trim();
    if (ref.length < 1 || ref.length > MAX_PAYOUT_REFERENCE) throw badInputIssues([inputIssue('reference', 'payout.referenceLength', { min: 1, max: MAX_PAYOUT_REFERENCE })]);
    await this.dataSource.transaction(async (m) => {
      // One payout at a time per designer and currency: what a statement still owes depends on the
      // payable balance and on payouts of the designer's other statements, so two payouts computed
      // side by side (two admins, a double click) would each pay the same money.
      const [owner]: Array<{ designer_id: string; currency: string }> = await m.query(`SELECT designer_id, currency FROM designer_statements WHERE id = $1`, [id]);
      if (!owner) throw notFound('Statement', id);
      await m.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`payout:${owner.designer_id}:${owner.currency}`]);
      const [row]: Array<{ id: string; designer_id: string; month: string; currency: string; paid_at: Date | null; payout_reference: string | null }> = await m.query(
        `SELECT id, designer_id, to_char(month, 'YYYY-MM') AS month, currency, paid_at, payout_reference FROM designer_statements WHERE id = $1 FOR UPDATE`,
        [id],
      );
      if (!row) throw notFound('Statement', id);
      if (row.paid_at) {
        if (row.payout_reference === ref) return;
        throw reasonError('INVALID_STATE_TRANSITION', 'payout.alreadyPaid', { reference: row.payout_reference ?? '' });
      }
      const month = row.month;
      const { end } = monthBounds(month);
      if (end.getTime() > this.clock.now().getTime()) throw reasonError('STATEMENT_NOT_CLOSED', 'payout.monthNotOver', { month });
      const view = await this.compute(id, m);
      const amount = view.outstandingMinor;
      if (amount <= 0) throw reasonError('NOTHING_TO_PAY', 'payout.nothingOwed', { month, closingMinor: view.closingMinor });
      const payable: AccountKey = { kind: 'DESIGNER_PAYABLE', ownerId: row.designer_id, currency: row.currency };
      const paidOut: AccountKey = { kind: 'PAYOUTS', ownerId: null, currency: row.currency };
      const accounts = await this.ledger.accounts([payable, paidOut]);
      const transactionId = timeOrderedUuid();
      await this.ledger.post(m, [
        {
          id: transactionId,
          kind: 'PAYOUT',
          consumerAppId: null,
          reference: `payout:${ref}`,
          occurredAt: this.clock.now(),
          currency: row.currency,
          entries: [
            { accountId: this.ledger.accountId(accounts, payable), amount, templateVersionId: null, basisMinor: null },
            { accountId: this.ledger.accountId(accounts, paidOut), amount: -amount, templateVersionId: null, basisMinor: null },
          ],
        },
      ]);
      await m.query(`UPDATE designer_statements SET paid_at = now(), paid_by = $2, payout_reference = $3, payout_minor = $4, payout_transaction_id = $5 WHERE id = $1`, [id, admin.id, ref, amount, transactionId]);
      await this.audit.record(m, { actor: { kind: 'USER', id: admin.id }, action: 'statement.paid', entityType: 'designer_statement', entityId: id, after: { amount, currency: row.currency, reference: ref } });
    });
    return this.compute(id);
  }

  async overview(currency = 'CNY'): Promise<RevenueOverviewView> {
    if (!/^[A-Z]{3}$/.test(currency)) throw badInputIssues([inputIssue('currency', 'revenue.currencyCode')]);
    const [balances, apps, earned]: [
      Array<{ kind: string; owner_id: string | null; balance: string }>,
      Array<{ id: string; name: string; uses: number; gross: string | null; refunded: string | null }>,
      Array<{ owner_id: string; display_name: string; earned: string | null; paid: string | null }>,
    ] = await Promise.all([
      this.dataSource.query(`SELECT a.kind, a.owner_id, sum(b.balance) AS balance FROM ledger_accounts a JOIN ledger_balances b ON b.account_id = a.id WHERE a.currency = $1 GROUP BY 1, 2`, [currency]),
      this.dataSource.query(
        `SELECT c.id, c.name, count(u.*)::int AS uses, sum(u.gross_minor) AS gross, sum(u.refunded_minor) AS refunded
         FROM consumer_apps c LEFT JOIN usage_events u ON u.consumer_app_id = c.id AND u.currency = $1 GROUP BY 1, 2 ORDER BY 2`,
        [currency],
      ),
      this.dataSource.query(
        `SELECT a.owner_id, u.display_name,
                -(SELECT sum(e.amount) FROM ledger_entries e WHERE e.account_id = a.id AND e.account_kind = 'DESIGNER_PAYABLE' AND e.kind <> 'PAYOUT') AS earned,
                (SELECT sum(e.amount) FROM ledger_entries e WHERE e.account_id = a.id AND e.account_kind = 'DESIGNER_PAYABLE' AND e.kind = 'PAYOUT') AS paid
         FROM ledger_accounts a JOIN users u ON u.id = a.owner_id WHERE a.kind = 'DESIGNER_PAYABLE' AND a.currency = $1 ORDER BY u.display_name`,
        [currency],
      ),
    ]);
    const balanceOf = (kind: string, owner: string | null) => Number(balances.find((b) => b.kind === kind && b.owner_id === owner)?.balance ?? 0);
    return {
      currency,
      platformRevenueMinor: -balanceOf('PLATFORM_REVENUE', null),
      paidOutMinor: -balanceOf('PAYOUTS', null),
      apps: apps.map((a) => ({ appId: a.id, appName: a.name, uses: a.uses, grossMinor: Number(a.gross ?? 0), refundedMinor: Number(a.refunded ?? 0), receivableMinor: balanceOf('APP_RECEIVABLE', a.id) })),
      designers: earned.map((d) => ({ designerId: d.owner_id, displayName: d.display_name, earnedMinor: Number(d.earned ?? 0), paidMinor: Number(d.paid ?? 0), unpaidMinor: -balanceOf('DESIGNER_PAYABLE', d.owner_id) })),
    };
  }

  /** The statement as CSV (money in major units with the currency's decimals), for download, labelled in `locale`. */
  toCsv(view: StatementView, locale: StatementCsvLocale = 'en'): string {
    const l = STATEMENT_CSV_LABELS[locale];
    const digits = new Intl.NumberFormat('en', { style: 'currency', currency: view.currency }).resolvedOptions().maximumFractionDigits ?? 2;
    const money = (minor: number) => (minor / 10 ** digits).toFixed(digits);
    // Titles and payout references are typed by people: a spreadsheet must not run them as formulas.
    const typed = (v: string) => ({ typed: v });
    const rows: Array<Array<string | number | { typed: string }>> = [
      [l.statement, view.month, l.designer, view.designerId, l.currency, view.currency],
      [l.template, l.templateId, l.version, l.uses, l.gross, l.share, l.refunds, l.net],
      ...view.lines.map((l) => [typed(l.templateTitle), l.templateId, l.versionNumber, l.uses, money(l.grossMinor), money(l.shareMinor), money(l.refundsMinor), money(l.netMinor)]),
      [l.total, '', '', view.lines.reduce((a, line) => a + line.uses, 0), money(view.grossMinor), money(view.shareMinor), money(view.refundsMinor), money(view.netMinor)],
      [l.opening, money(view.openingMinor)],
      [l.payouts, money(view.payoutsMinor)],
      [l.closing, money(view.closingMinor)],
      ...(view.paidAt ? [[l.paid, view.paidAt.toISOString(), l.reference, typed(view.payoutReference ?? ''), l.amount, money(view.payoutMinor ?? 0)]] : []),
    ];
    const cell = (v: string | number | { typed: string }) => (typeof v === 'object' ? csvCell(v.typed, { text: true }) : csvCell(v));
    return rows.map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
  }

  private requireSelfOrAdmin(user: AuthUser, designerId: string): void {
    if (user.id !== designerId && !hasRole(user, 'ADMIN')) throw forbidden('statement.ownOnly');
  }

  // The statement's figures from the journal: one pass over the designer's entries from the month's
  // start (index-only), plus the account's materialised balance for the opening.
  private async compute(statementId: string, m = this.dataSource.manager): Promise<StatementView> {
    const [row]: Array<{ id: string; designer_id: string; month: string; currency: string; paid_at: Date | null; payout_reference: string | null; payout_minor: string | null }> = await m.query(
      `SELECT id, designer_id, to_char(month, 'YYYY-MM') AS month, currency, paid_at, payout_reference, payout_minor FROM designer_statements WHERE id = $1`,
      [statementId],
    );
    if (!row) throw notFound('Statement', statementId);
    const { start, end } = monthBounds(row.month);
    const [account]: Array<{ id: string }> = await m.query(`SELECT id FROM ledger_accounts WHERE kind = 'DESIGNER_PAYABLE' AND owner_id = $1 AND currency = $2`, [row.designer_id, row.currency]);
    let opening = 0;
    let payouts = 0;
    let payoutsSince = 0;
    let owedNow = 0;
    const lines: StatementLineView[] = [];
    if (account) {
      const groups: Array<{ template_version_id: string | null; kind: string; n: number; amount: string | null; basis: string | null; since_start: string }> = await m.query(
        `SELECT template_version_id, kind, count(*) FILTER (WHERE occurred_at < $3)::int AS n, sum(amount) FILTER (WHERE occurred_at < $3) AS amount,
                sum(basis_minor) FILTER (WHERE occurred_at < $3) AS basis, sum(amount) AS since_start
         FROM ledger_entries WHERE account_id = $1 AND account_kind = 'DESIGNER_PAYABLE' AND occurred_at >= $2 GROUP BY 1, 2`,
        [account.id, start, end],
      );
      const balance = await this.ledger.balance(m, account.id);
      owedNow = -balance;
      opening = -(balance - groups.reduce((a, g) => a + Number(g.since_start), 0));
      payouts = groups.filter((g) => g.kind === 'PAYOUT').reduce((a, g) => a + Number(g.amount ?? 0), 0);
      payoutsSince = groups.filter((g) => g.kind === 'PAYOUT').reduce((a, g) => a + Number(g.since_start), 0) - payouts;
      const versionIds = [...new Set(groups.filter((g) => g.template_version_id && g.n > 0).map((g) => g.template_version_id!))];
      const versions: Array<{ id: string; number: number; template_id: string; title: string }> = versionIds.length
        ? await m.query(`SELECT v.id, v.number, v.template_id, t.title FROM template_versions v JOIN templates t ON t.id = v.template_id WHERE v.id = ANY($1::uuid[])`, [versionIds])
        : [];
      for (const v of versions) {
        const usage = groups.find((g) => g.template_version_id === v.id && g.kind === 'USAGE');
        const refunds = groups.find((g) => g.template_version_id === v.id && g.kind === 'REFUND');
        const share = -Number(usage?.amount ?? 0);
        const refunded = Number(refunds?.amount ?? 0);
        lines.push({ templateId: v.template_id, templateTitle: v.title, versionId: v.id, versionNumber: v.number, uses: usage?.n ?? 0, grossMinor: Number(usage?.basis ?? 0), shareMinor: share, refundsMinor: refunded, netMinor: share - refunded });
      }
    }
    // Totals straight from the lines. (libs/revenue-share's summarizeStatement refuses a negative
    // refund on a line, which the ledger can hold: a partial refund may give a co-author one unit
    // back under the largest-remainder rule.) Lines in the lib's order: template, then version.
    const byCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
    lines.sort((a, b) => byCodeUnits(a.templateId, b.templateId) || byCodeUnits(a.versionId, b.versionId));
    const total = (field: 'grossMinor' | 'shareMinor' | 'refundsMinor') => lines.reduce((sum, l) => sum + l[field], 0);
    const shareMinor = total('shareMinor');
    const refundsMinor = total('refundsMinor');
    const netMinor = shareMinor - refundsMinor;
    const closingMinor = opening + netMinor - payouts;
    return {
      id: row.id,
      designerId: row.designer_id,
      month: row.month,
      currency: row.currency,
      grossMinor: total('grossMinor'),
      shareMinor,
      refundsMinor,
      netMinor,
      openingMinor: opening,
      payoutsMinor: payouts,
      closingMinor,
      lines,
      paidAt: row.paid_at,
      payoutReference: row.payout_reference,
      payoutMinor: row.payout_minor === null ? null : Number(row.payout_minor),
      // The closing balance less payouts made after the month (an earlier statement paid later may
      // have covered part of it), never more than is owed today.
      outstandingMinor: row.paid_at || end.getTime() > this.clock.now().getTime() ? 0 : Math.max(0, Math.min(closingMinor - payoutsSince, owedNow)),
    };
  }
}
