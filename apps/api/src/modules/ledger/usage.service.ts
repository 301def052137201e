import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { splitRefund, splitUsage, type UsageSplit } from '@atelier/revenue-share';
import { Clock } from '../../common/clock.js';
import { badInputIssues, forbidden, inputIssue, isUuid, reasonError, type InputIssue } from '../../common/app-error.js';
import { ClusterEventsService } from '../../common/cluster-events.service.js';
import { ExpiringCache } from '../../common/expiring-cache.js';
import type { ApiKeyPrincipal } from '../../common/request-context.js';
import { LedgerRepository, timeOrderedUuid, type AccountKey, type LedgerEntryInput, type Posting } from './ledger.repository.js';
import { API_CONFIG, type ApiConfig } from '../../config/api-config.js';
import { RevenueAgreementService, type AgreementRecord } from './revenue-agreement.service.js';
import { statementMonthOf } from './statement.service.js';

export const MAX_USAGE_EVENTS_PER_CALL = 1000;
// Ids the consumer app chooses (its refund and order ids).
const MAX_CLIENT_ID = 200;
const VERSION_TTL_MS = 10_000;
const MAX_GROSS_MINOR = 2 ** 31 - 1;
// An event from the future is a clock or a bug on the app's side.
const FUTURE_TOLERANCE_MS = 10 * 60_000;
// Clocks of apps and API differ a little: a use stamped moments before publication is let through.
const PUBLICATION_TOLERANCE_MS = 10 * 60_000;
// Retries of a batch that lost a deadlock (overlapping batches from two clients at once).
const MAX_BATCH_ATTEMPTS = 4;

export type UsageStatus = 'ACCEPTED' | 'DUPLICATE' | 'CONFLICT' | 'REJECTED';

export interface UsageEventData {
  eventId: string;
  templateVersionId: string;
  occurredAt: string;
  grossAmount: number;
  currency: string;
  orderRef?: string | null;
}

/** Why an event was refused; each rule has its own code so an app can act on it. */
export type UsageRejection =
  | 'INVALID_EVENT'
  | 'UNKNOWN_VERSION'
  | 'VERSION_NOT_PUBLISHED'
  | 'OCCURRED_IN_FUTURE'
  | 'BEFORE_PUBLICATION'
  | 'MONTH_ALREADY_PAID'
  | 'CURRENCY_NOT_ACCEPTED';

export interface UsageItemResult {
  eventId: string;
  status: UsageStatus;
  message: string | null;
  /** Set on REJECTED results. */
  code?: UsageRejection | null;
}

interface Refusal {
  code: UsageRejection;
  message: string;
}

export interface RefundData {
  eventId: string;
  refundId: string;
  amount: number;
}

export interface RefundOutcome {
  refundId: string;
  eventId: string;
  status: 'ACCEPTED' | 'DUPLICATE' | 'CONFLICT';
  message: string | null;
  amountMinor: number;
  refundedMinor: number;
  remainingMinor: number;
  currency: string;
}

interface VersionFacts {
  id: string;
  templateId: string;
  state: string;
  number: number;
  publishedAt: Date | null;
}

// A usage event as stored, in the form used to compare a repeated one.
interface CheckedEvent {
  index: number;
  eventId: string;
  versionId: string;
  templateId: string;
  occurredAt: Date;
  gross: number;
  currency: string;
  orderRef: string | null;
}

// Personal data of end users has no place here: an order reference that looks like an e-mail
// address or a phone number is refused.
const LOOKS_PERSONAL = /@|^\+?\d[\d\s-]{6,}$/;

// Usage reported by consumer apps, and refunds, turned into balanced journal transactions.
// Idempotent per (app, eventId) and per (app, refundId): the unique keys in the database decide, so
// two clients sending overlapping batches at once still count each event once.
@Injectable()
export class UsageService {
  private readonly versions = new ExpiringCache<VersionFacts | null>(VERSION_TTL_MS, 20_000);

  constructor(
    private readonly dataSource: DataSource,
    private readonly ledger: LedgerRepository,
    private readonly agreements: RevenueAgreementService,
    private readonly clock: Clock,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
    cluster: ClusterEventsService,
  ) {
    // A rollback publishes a superseded version again: its facts are read afresh.
    cluster.subscribe('catalog', { apply: () => this.versions.clear(), resync: () => this.versions.clear() });
  }

  async recordUsage(app: ApiKeyPrincipal, events: readonly UsageEventData[]): Promise<UsageItemResult[]> {
    const appId = requireApp(app);
    if (events.length > MAX_USAGE_EVENTS_PER_CALL) throw badInputIssues([inputIssue('events', 'usage.tooManyEvents', { max: MAX_USAGE_EVENTS_PER_CALL, count: events.length })]);
    const results: UsageItemResult[] = events.map((e) => ({ eventId: e.eventId, status: 'REJECTED', message: null }));
    const versions = await this.versionFacts(events.map((e) => e.templateVersionId).filter(isUuid));

    // Each item on its own; a repeat inside the batch is answered like a repeat across calls.
    const firstByEventId = new Map<string, CheckedEvent>();
    const fresh: CheckedEvent[] = [];
    const now = this.clock.now();
    events.forEach((input, index) => {
      const checked = checkEvent(input, index, versions, now, this.config.ledger.currencies);
      if ('code' in checked) {
        results[index] = { eventId: input.eventId, status: 'REJECTED', message: checked.message, code: checked.code };
        return;
      }
      const first = firstByEventId.get(checked.eventId);
      if (first) {
        results[index] = sameEvent(first, checked) ? { eventId: input.eventId, status: 'DUPLICATE', message: 'Sent twice in this batch; counted once.' } : { eventId: input.eventId, status: 'CONFLICT', message: conflictMessage(first, checked) };
        return;
      }
      firstByEventId.set(checked.eventId, checked);
      fresh.push(checked);
    });
    if (!fresh.length) return results;

    const agreements = await this.agreements.agreementsFor(fresh.map((e) => e.templateId));
    const plans = fresh.map((e) => {
      const agreement = this.agreements.agreementAt(agreements.get(e.templateId)!, e.occurredAt);
      return { event: e, agreement, split: splitUsage(e.gross, agreement.terms), transactionId: timeOrderedUuid() };
    });
    // Money of a month already paid out must not change after the fact: refuse uses dated inside a
    // month whose statement was paid to any of the template's payees.
    // (An event recorded before the payout is still answered DUPLICATE or CONFLICT, so retries stay safe.)
    const paid = await this.paidMonths(plans.flatMap((p) => p.agreement.terms.coAuthors.map((c) => c.designerId)));
    const inPaidMonth = plans.filter(({ event, agreement }) => agreement.terms.coAuthors.some((c) => paid.has(`${c.designerId}:${statementMonthOf(event.occurredAt)}:${event.currency}`)));
    if (inPaidMonth.length) {
      const stored = await this.storedEvents(this.dataSource.manager, appId, inPaidMonth.map((p) => p.event.eventId));
      for (const { event } of inPaidMonth.filter((p) => !stored.has(p.event.eventId))) {
        const month = statementMonthOf(event.occurredAt);
        results[event.index] = { eventId: event.eventId, status: 'REJECTED', code: 'MONTH_ALREADY_PAID', message: `The designers' statement for ${month} (${event.currency}) was already paid out; a use dated inside that month cannot be recorded now.` };
        plans.splice(plans.findIndex((p) => p.event === event), 1);
      }
      if (!plans.length) return results;
    }
    const accounts = await this.ledger.accounts(plans.flatMap((p) => usageAccountKeys(appId, p.event.currency, p.agreement)));
    // In event id order, so two batches sharing events take their row locks in the same order.
    plans.sort((a, b) => (a.event.eventId < b.event.eventId ? -1 : a.event.eventId > b.event.eventId ? 1 : 0));

    const outcome = await this.withDeadlockRetry(() =>
      this.dataSource.transaction(async (m) => {
        const inserted: Array<{ event_id: string }> = await m.query(
          `INSERT INTO usage_events (consumer_app_id, event_id, template_version_id, template_id, occurred_at, gross_minor, currency, order_ref, agreement_id, transaction_id)
           SELECT $1, e, v, t, at, g, c, o, ag, tx FROM json_to_recordset($2::json) AS x(e text, v uuid, t uuid, at timestamptz, g bigint, c text, o text, ag uuid, tx uuid)
           ON CONFLICT (consumer_app_id, event_id) DO NOTHING
           RETURNING event_id`,
          [
            appId,
            JSON.stringify(plans.map((p) => ({ e: p.event.eventId, v: p.event.versionId, t: p.event.templateId, at: p.event.occurredAt.toISOString(), g: p.event.gross, c: p.event.currency, o: p.event.orderRef, ag: p.agreement.id, tx: p.transactionId }))),
          ],
        );
        const accepted = new Set(inserted.map((r) => r.event_id));
        const postings = plans.filter((p) => accepted.has(p.event.eventId)).map((p) => this.usagePosting(appId, p.event, p.split, p.transactionId, p.agreement, accounts));
        await this.ledger.post(m, postings);
        const repeated = plans.filter((p) => !accepted.has(p.event.eventId)).map((p) => p.event);
        return { accepted, existing: repeated.length ? await this.storedEvents(m, appId, repeated.map((e) => e.eventId)) : new Map<string, CheckedEvent>() };
      }),
    );

    for (const { event: e } of plans) {
      if (outcome.accepted.has(e.eventId)) {
        results[e.index] = { eventId: e.eventId, status: 'ACCEPTED', message: null };
        continue;
      }
      const stored = outcome.existing.get(e.eventId)!;
      results[e.index] = sameEvent(stored, e) ? { eventId: e.eventId, status: 'DUPLICATE', message: 'Already recorded; counted once.' } : { eventId: e.eventId, status: 'CONFLICT', message: conflictMessage(stored, e) };
    }
    return results;
  }

  async recordRefund(app: ApiKeyPrincipal, input: RefundData): Promise<RefundOutcome> {
    const appId = requireApp(app);
    const issues: InputIssue[] = [];
    if (!(typeof input.refundId === 'string' && input.refundId.trim().length >= 1 && input.refundId.length <= MAX_CLIENT_ID)) issues.push(inputIssue('refundId', 'refund.refundIdLength', { min: 1, max: MAX_CLIENT_ID }));
    if (!(typeof input.eventId === 'string' && input.eventId.length >= 1 && input.eventId.length <= MAX_CLIENT_ID)) issues.push(inputIssue('eventId', 'refund.eventIdLength', { min: 1, max: MAX_CLIENT_ID }));
    if (!(Number.isSafeInteger(input.amount) && input.amount > 0)) issues.push(inputIssue('amount', 'refund.amountInvalid'));
    if (issues.length) throw badInputIssues(issues);

    return this.withDeadlockRetry(() =>
      this.dataSource.transaction(async (m) => {
        const [event]: Array<{ event_id: string; template_id: string; template_version_id: string; gross_minor: string; refunded_minor: string; currency: string; agreement_id: string }> = await m.query(
          `SELECT event_id, template_id, template_version_id, gross_minor, refunded_minor, currency, agreement_id FROM usage_events WHERE consumer_app_id = $1 AND event_id = $2 FOR UPDATE`,
          [appId, input.eventId],
        );
        if (!event) throw reasonError('NOT_FOUND', 'refund.eventUnknown', { eventId: input.eventId }, { eventId: input.eventId });
        const gross = Number(event.gross_minor);
        const refundedBefore = Number(event.refunded_minor);
        const answer = (status: RefundOutcome['status'], message: string | null, refunded: number, amount: number): RefundOutcome => ({
          refundId: input.refundId,
          eventId: input.eventId,
          status,
          message,
          amountMinor: amount,
          refundedMinor: refunded,
          remainingMinor: gross - refunded,
          currency: event.currency,
        });
        const [earlier]: Array<{ event_id: string; amount_minor: string }> = await m.query(`SELECT event_id, amount_minor FROM usage_refunds WHERE consumer_app_id = $1 AND refund_id = $2`, [appId, input.refundId]);
        if (earlier) {
          const same = earlier.event_id === input.eventId && Number(earlier.amount_minor) === input.amount;
          return same
            ? answer('DUPLICATE', 'Already recorded; counted once.', refundedBefore, input.amount)
            : answer('CONFLICT', `Refund "${input.refundId}" was already recorded with different content (event ${earlier.event_id}, amount ${earlier.amount_minor}); nothing changed.`, refundedBefore, Number(earlier.amount_minor));
        }
        if (refundedBefore + input.amount > gross) {
          throw reasonError('REFUND_EXCEEDS_REMAINING', 'refund.exceedsRemaining', { remainingMinor: gross - refundedBefore, grossMinor: gross, currency: event.currency, amountMinor: input.amount }, { remainingMinor: gross - refundedBefore });
        }
        const agreement = await this.agreements.agreementById(event.template_id, event.agreement_id);
        const split = splitRefund(gross, refundedBefore, input.amount, agreement.terms);
        const transactionId = timeOrderedUuid();
        const accounts = await this.ledger.accounts(usageAccountKeys(appId, event.currency, agreement));
        await m.query(`INSERT INTO usage_refunds (consumer_app_id, refund_id, event_id, amount_minor, transaction_id) VALUES ($1, $2, $3, $4, $5)`, [appId, input.refundId, input.eventId, input.amount, transactionId]);
        await m.query(`UPDATE usage_events SET refunded_minor = refunded_minor + $3 WHERE consumer_app_id = $1 AND event_id = $2`, [appId, input.eventId, input.amount]);
        // The usage posting reversed in proportion: the app owes less, the platform and designers give back their parts.
        const entries = usageEntries(appId, event.currency, split, input.amount, event.template_version_id, agreement, accounts, this.ledger).map((e) => ({ ...e, amount: -e.amount }));
        await this.ledger.post(m, [{ id: transactionId, kind: 'REFUND', consumerAppId: appId, reference: `refund:${input.refundId}`, occurredAt: this.clock.now(), currency: event.currency, entries }]);
        return answer('ACCEPTED', null, refundedBefore + input.amount, input.amount);
      }),
    );
  }

  private usagePosting(appId: string, e: CheckedEvent, split: UsageSplit, transactionId: string, agreement: AgreementRecord, accounts: Map<string, string>): Posting {
    return {
      id: transactionId,
      kind: 'USAGE',
      consumerAppId: appId,
      reference: `usage:${e.eventId}`,
      occurredAt: e.occurredAt,
      currency: e.currency,
      entries: usageEntries(appId, e.currency, split, e.gross, e.versionId, agreement, accounts, this.ledger),
    };
  }

  // Published and superseded versions never change state again (for usage purposes), so they are
  // kept a while; a draft may be published any moment, so it is looked up every time.
  private async versionFacts(ids: readonly string[]): Promise<Map<string, VersionFacts | null>> {
    const unique = [...new Set(ids)];
    const found = new Map<string, VersionFacts | null>();
    const missing: string[] = [];
    for (const id of unique) {
      const cached = this.versions.get(id);
      if (cached) found.set(id, cached);
      else missing.push(id);
    }
    if (missing.length) {
      const stamp = this.versions.stamp;
      const rows: Array<{ id: string; template_id: string; state: string; number: number; published_at: Date | null }> = await this.dataSource.query(`SELECT id, template_id, state, number, published_at FROM template_versions WHERE id = ANY($1::uuid[])`, [missing]);
      for (const id of missing) {
        const r = rows.find((row) => row.id === id);
        const facts = r ? { id: r.id, templateId: r.template_id, state: r.state, number: r.number, publishedAt: r.published_at } : null;
        if (facts && (facts.state === 'PUBLISHED' || facts.state === 'SUPERSEDED')) this.versions.set(id, facts, stamp);
        found.set(id, facts);
      }
    }
    return found;
  }

  /** "designerId:YYYY-MM:currency" of every paid statement of these designers. */
  private async paidMonths(designerIds: string[]): Promise<Set<string>> {
    if (!designerIds.length) return new Set();
    const rows: Array<{ designer_id: string; month: string; currency: string }> = await this.dataSource.query(
      `SELECT designer_id, to_char(month, 'YYYY-MM') AS month, currency FROM designer_statements WHERE designer_id = ANY($1::uuid[]) AND paid_at IS NOT NULL`,
      [[...new Set(designerIds)]],
    );
    return new Set(rows.map((r) => `${r.designer_id}:${r.month}:${r.currency}`));
  }

  private async storedEvents(m: EntityManager, appId: string, eventIds: string[]): Promise<Map<string, CheckedEvent>> {
    const rows: Array<{ event_id: string; template_version_id: string; template_id: string; occurred_at: Date; gross_minor: string; currency: string; order_ref: string | null }> = await m.query(
      `SELECT event_id, template_version_id, template_id, occurred_at, gross_minor, currency, order_ref FROM usage_events WHERE consumer_app_id = $1 AND event_id = ANY($2::text[])`,
      [appId, eventIds],
    );
    return new Map(rows.map((r) => [r.event_id, { index: -1, eventId: r.event_id, versionId: r.template_version_id, templateId: r.template_id, occurredAt: r.occurred_at, gross: Number(r.gross_minor), currency: r.currency, orderRef: r.order_ref }]));
  }

  private async withDeadlockRetry<T>(run: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await run();
      } catch (error) {
        const code = (error as { code?: string; driverError?: { code?: string } }).driverError?.code ?? (error as { code?: string }).code;
        if ((code !== '40P01' && code !== '40001') || attempt >= MAX_BATCH_ATTEMPTS) throw error;
      }
    }
  }
}

function requireApp(app: ApiKeyPrincipal): string {
  if (!app.consumerAppId) throw forbidden('usage.noConsumerApp');
  return app.consumerAppId;
}

function usageAccountKeys(appId: string, currency: string, agreement: AgreementRecord): AccountKey[] {
  return [
    { kind: 'APP_RECEIVABLE', ownerId: appId, currency },
    { kind: 'PLATFORM_REVENUE', ownerId: null, currency },
    ...agreement.terms.coAuthors.map((c): AccountKey => ({ kind: 'DESIGNER_PAYABLE', ownerId: c.designerId, currency })),
  ];
}

// A usage of `gross`: the app's receivable is debited, the platform and each designer credited.
function usageEntries(appId: string, currency: string, split: UsageSplit, gross: number, versionId: string, agreement: AgreementRecord, accounts: Map<string, string>, ledger: LedgerRepository): LedgerEntryInput[] {
  const line = (kind: AccountKey['kind'], ownerId: string | null, amount: number): LedgerEntryInput => ({ accountId: ledger.accountId(accounts, { kind, ownerId, currency }), amount, templateVersionId: versionId, basisMinor: gross });
  return [
    line('APP_RECEIVABLE', appId, gross),
    line('PLATFORM_REVENUE', null, -split.platform),
    ...split.designers.map((d) => line('DESIGNER_PAYABLE', d.designerId, -d.amount)),
  ].filter((e) => e.amount !== 0);
}

// One event checked on its own; a string says why it is refused.
function checkEvent(e: UsageEventData, index: number, versions: Map<string, VersionFacts | null>, now: Date, currencies: readonly string[]): CheckedEvent | Refusal {
  const invalid = (message: string): Refusal => ({ code: 'INVALID_EVENT', message });
  if (typeof e.eventId !== 'string' || e.eventId.trim().length < 1 || e.eventId.length > 200) return invalid('eventId must be 1 to 200 characters.');
  if (!isUuid(e.templateVersionId)) return invalid('templateVersionId is not a template version id.');
  const version = versions.get(e.templateVersionId);
  if (!version) return { code: 'UNKNOWN_VERSION', message: `Unknown template version ${e.templateVersionId}.` };
  if (version.state !== 'PUBLISHED' && version.state !== 'SUPERSEDED') return { code: 'VERSION_NOT_PUBLISHED', message: `Version ${version.number} of this template is ${version.state.toLowerCase()}: only published (or superseded) versions can be used.` };
  const occurredAt = new Date(e.occurredAt);
  if (typeof e.occurredAt !== 'string' || !/^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:?\d\d)$/.test(e.occurredAt) || Number.isNaN(occurredAt.getTime())) {
    return invalid('occurredAt must be an ISO 8601 date-time with a time zone, e.g. 2026-11-25T09:30:00+08:00.');
  }
  if (occurredAt.getTime() > now.getTime() + FUTURE_TOLERANCE_MS) return { code: 'OCCURRED_IN_FUTURE', message: 'occurredAt is in the future.' };
  // No one could have used the version before it was in the catalog.
  if (version.publishedAt && occurredAt.getTime() < version.publishedAt.getTime() - PUBLICATION_TOLERANCE_MS) {
    return { code: 'BEFORE_PUBLICATION', message: `occurredAt is before version ${version.number} was published (${version.publishedAt.toISOString()}).` };
  }
  if (!Number.isSafeInteger(e.grossAmount) || e.grossAmount <= 0 || e.grossAmount > MAX_GROSS_MINOR) return invalid(`grossAmount must be a whole number of minor units (fen for CNY) from 1 to ${MAX_GROSS_MINOR}.`);
  if (typeof e.currency !== 'string' || !/^[A-Z]{3}$/.test(e.currency)) return invalid('currency must be an ISO 4217 code such as CNY.');
  if (!currencies.includes(e.currency)) return { code: 'CURRENCY_NOT_ACCEPTED', message: `Usage is accepted in ${currencies.join(', ')} only, not ${e.currency}.` };
  const orderRef = e.orderRef == null || e.orderRef === '' ? null : e.orderRef;
  if (orderRef !== null && (orderRef.length > 200 || LOOKS_PERSONAL.test(orderRef))) {
    return invalid('orderRef must be an opaque reference of at most 200 characters; it must not carry personal data such as an e-mail address or a phone number.');
  }
  return { index, eventId: e.eventId, versionId: e.templateVersionId, templateId: version.templateId, occurredAt, gross: e.grossAmount, currency: e.currency, orderRef };
}

function sameEvent(a: CheckedEvent, b: CheckedEvent): boolean {
  return a.versionId === b.versionId && a.occurredAt.getTime() === b.occurredAt.getTime() && a.gross === b.gross && a.currency === b.currency && (a.orderRef ?? null) === (b.orderRef ?? null);
}

function conflictMessage(stored: CheckedEvent, sent: CheckedEvent): string {
  const differs = [
    stored.versionId !== sent.versionId ? 'templateVersionId' : null,
    stored.occurredAt.getTime() !== sent.occurredAt.getTime() ? 'occurredAt' : null,
    stored.gross !== sent.gross ? 'grossAmount' : null,
    stored.currency !== sent.currency ? 'currency' : null,
    (stored.orderRef ?? null) !== (sent.orderRef ?? null) ? 'orderRef' : null,
  ].filter(Boolean);
  return `Event id already recorded with different ${differs.join(', ')}; the first record stands and nothing changed.`;
}
