import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { validateSplitTerms, type RevenueSplitTerms } from '@atelier/revenue-share';
import { Clock } from '../../common/clock.js';
import { badInputIssues, forbidden, inputIssue, isUuid, notFound, requireUuid } from '../../common/app-error.js';
import { ClusterEventsService } from '../../common/cluster-events.service.js';
import { ExpiringCache } from '../../common/expiring-cache.js';
import { hasRole, type AuthUser } from '../../common/request-context.js';
import { AuditService } from '../audit/audit.service.js';

/** What a template's designers get when no admin has said otherwise: 30 %, all to the owner. */
export const DEFAULT_DESIGNER_SHARE_BPS = 3000;
// Agreements change rarely. A new one is announced to every API process when it is set; this is
// the backstop for a missed announcement (and a new one only ever applies from now on, so a few
// seconds of the old terms cannot reach back in time).
const AGREEMENTS_TTL_MS = 5_000;
// An agreement dated a little in the past (a clock apart, a slow form) is accepted.
const PAST_TOLERANCE_MS = 5 * 60_000;

export interface AgreementRecord {
  id: string;
  templateId: string;
  /** null: the default terms, in force since the template was created. */
  effectiveFrom: Date | null;
  terms: RevenueSplitTerms;
  createdAt: Date;
  createdBy: string | null;
}

export interface SetAgreementData {
  templateId: string;
  designerShareBps: number;
  coAuthors: Array<{ designerId: string; shareBps: number }>;
  effectiveFrom: Date;
}

// Per-template revenue agreements. They are append-only: a change is a new agreement from a date on,
// and usage keeps the agreement it was recorded under. Every template has the default agreement
// (created on first need, dated -infinity) beneath any an admin sets.
@Injectable()
export class RevenueAgreementService {
  private readonly cache = new ExpiringCache<AgreementRecord[]>(AGREEMENTS_TTL_MS, 10_000);

  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly cluster: ClusterEventsService,
  ) {
    cluster.subscribe('agreements', { apply: (event) => this.cache.delete(event.templateId), resync: () => this.cache.clear() });
  }

  /** Each template's agreements, oldest first (the default first). */
  async agreementsFor(templateIds: readonly string[]): Promise<Map<string, AgreementRecord[]>> {
    const found = new Map<string, AgreementRecord[]>();
    const missing: string[] = [];
    for (const id of new Set(templateIds)) {
      const cached = this.cache.get(id);
      if (cached) found.set(id, cached);
      else missing.push(id);
    }
    if (missing.length) {
      const stamp = this.cache.stamp;
      await this.ensureDefaults(missing);
      const rows: Array<{ id: string; template_id: string; designer_share_bps: number; effective_from: Date | null; created_at: Date; created_by: string | null; authors: Array<{ designerId: string; shareBps: number }> }> =
        await this.dataSource.query(
          `SELECT a.id, a.template_id, a.designer_share_bps, CASE WHEN a.effective_from = '-infinity' THEN NULL ELSE a.effective_from END AS effective_from, a.created_at, a.created_by,
                  (SELECT json_agg(json_build_object('designerId', x.designer_id, 'shareBps', x.share_bps) ORDER BY x.position) FROM revenue_agreement_authors x WHERE x.agreement_id = a.id) AS authors
           FROM revenue_agreements a WHERE a.template_id = ANY($1::uuid[]) ORDER BY a.template_id, a.effective_from`,
          [missing],
        );
      for (const id of missing) {
        const list = rows
          .filter((r) => r.template_id === id)
          .map((r) => ({ id: r.id, templateId: r.template_id, effectiveFrom: r.effective_from, terms: { designerShareBps: r.designer_share_bps, coAuthors: r.authors ?? [] }, createdAt: r.created_at, createdBy: r.created_by }));
        // Not kept when an agreement was set meanwhile (what was read may predate it).
        this.cache.set(id, list, stamp);
        found.set(id, list);
      }
    }
    return new Map(templateIds.map((id) => [id, found.get(id) ?? []]));
  }

  /**
   * One agreement of a template by id, as usage recorded it. The cached list may predate it (another
   * API process set it since this one cached the template), so a miss reloads the list once.
   */
  async agreementById(templateId: string, agreementId: string): Promise<AgreementRecord> {
    const find = async () => (await this.agreementsFor([templateId])).get(templateId)!.find((a) => a.id === agreementId);
    let found = await find();
    if (!found) {
      this.cache.delete(templateId);
      found = await find();
    }
    if (!found) throw new Error(`Agreement ${agreementId} of template ${templateId} is not in revenue_agreements.`);
    return found;
  }

  /** The agreement in force at `at`: the latest whose date is not after it. */
  agreementAt(agreements: readonly AgreementRecord[], at: Date): AgreementRecord {
    let found = agreements[0]!;
    for (const a of agreements) if (a.effectiveFrom === null || a.effectiveFrom.getTime() <= at.getTime()) found = a;
    return found;
  }

  async listForTemplate(user: AuthUser, templateId: string): Promise<AgreementRecord[]> {
    const id = requireUuid(templateId, 'Template');
    await this.requireAuthorOrAdmin(user, id);
    return (await this.agreementsFor([id])).get(id)!;
  }

  async set(actor: AuthUser, input: SetAgreementData): Promise<AgreementRecord> {
    const templateId = requireUuid(input.templateId, 'Template');
    const terms: RevenueSplitTerms = { designerShareBps: input.designerShareBps, coAuthors: input.coAuthors.map((c) => ({ designerId: c.designerId, shareBps: c.shareBps })) };
    const problems = validateSplitTerms(terms);
    if (problems.length) throw badInputIssues(problems.map((p) => inputIssue(p.path, `revenueTerms.${p.code}`, p.params)));
    const badIds = terms.coAuthors.flatMap((c, i) => (isUuid(c.designerId) ? [] : [inputIssue(`coAuthors.${i}.designerId`, 'agreement.designerIdInvalid')]));
    if (badIds.length) throw badInputIssues(badIds);
    if (!(input.effectiveFrom instanceof Date) || Number.isNaN(input.effectiveFrom.getTime())) throw badInputIssues([inputIssue('effectiveFrom', 'agreement.effectiveFromInvalid')]);
    if (input.effectiveFrom.getTime() < this.clock.now().getTime() - PAST_TOLERANCE_MS) throw badInputIssues([inputIssue('effectiveFrom', 'agreement.effectiveFromPast')]);
    const [template] = (await this.dataSource.query(`SELECT id, owner_id FROM templates WHERE id = $1`, [templateId])) as Array<{ id: string; owner_id: string }>;
    if (!template) throw notFound('Template', templateId);
    const designers: Array<{ id: string }> = await this.dataSource.query(`SELECT id FROM users WHERE id = ANY($1::uuid[]) AND 'DESIGNER' = ANY(roles) AND NOT disabled`, [terms.coAuthors.map((c) => c.designerId)]);
    const unknown = terms.coAuthors.flatMap((c, i) => (designers.some((d) => d.id === c.designerId) ? [] : [inputIssue(`coAuthors.${i}.designerId`, 'agreement.designerUnknown')]));
    if (unknown.length) throw badInputIssues(unknown);
    await this.ensureDefaults([templateId]);

    const created = await this.dataSource.transaction(async (m) => {
      const [row] = (await m.query(
        `INSERT INTO revenue_agreements (template_id, designer_share_bps, effective_from, created_by) VALUES ($1, $2, $3, $4)
         ON CONFLICT (template_id, effective_from) DO NOTHING RETURNING id, created_at`,
        [templateId, terms.designerShareBps, input.effectiveFrom, actor.id],
      )) as Array<{ id: string; created_at: Date }>;
      if (!row) throw badInputIssues([inputIssue('effectiveFrom', 'agreement.effectiveFromTaken')]);
      await m.query(
        `INSERT INTO revenue_agreement_authors (agreement_id, designer_id, share_bps, position) SELECT $1, * FROM unnest($2::uuid[], $3::int[], $4::smallint[])`,
        [row.id, terms.coAuthors.map((c) => c.designerId), terms.coAuthors.map((c) => c.shareBps), terms.coAuthors.map((_, i) => i)],
      );
      await this.audit.record(m, { actor: { kind: 'USER', id: actor.id }, action: 'revenue_agreement.set', entityType: 'template', entityId: templateId, after: { agreementId: row.id, ...terms, effectiveFrom: input.effectiveFrom } });
      return { id: row.id, templateId, effectiveFrom: input.effectiveFrom, terms, createdAt: row.created_at, createdBy: actor.id } satisfies AgreementRecord;
    });
    await this.cluster.publish({ topic: 'agreements', templateId });
    return created;
  }

  /** The template's owner and every co-author of any of its agreements, or an admin. */
  async requireAuthorOrAdmin(user: AuthUser, templateId: string): Promise<void> {
    if (hasRole(user, 'ADMIN')) return;
    const [row] = (await this.dataSource.query(
      `SELECT t.owner_id = $2 OR EXISTS (SELECT 1 FROM revenue_agreements a JOIN revenue_agreement_authors x ON x.agreement_id = a.id WHERE a.template_id = t.id AND x.designer_id = $2) AS ok
       FROM templates t WHERE t.id = $1`,
      [templateId, user.id],
    )) as Array<{ ok: boolean }>;
    if (!row) throw notFound('Template', templateId);
    if (!row.ok) throw forbidden('agreement.authorsOnly');
  }

  // The default agreement (30 %, all to the owner) under each template, in one transaction so it is
  // never seen without its author.
  private async ensureDefaults(templateIds: readonly string[]): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      const created: Array<{ id: string; owner_id: string }> = await m.query(
        `INSERT INTO revenue_agreements (template_id, designer_share_bps, effective_from)
         SELECT t.id, $2, '-infinity' FROM templates t WHERE t.id = ANY($1::uuid[]) ORDER BY t.id
         ON CONFLICT (template_id, effective_from) DO NOTHING
         RETURNING id, (SELECT owner_id FROM templates WHERE id = template_id) AS owner_id`,
        [templateIds, DEFAULT_DESIGNER_SHARE_BPS],
      );
      if (created.length) {
        await m.query(`INSERT INTO revenue_agreement_authors (agreement_id, designer_id, share_bps, position) SELECT id, owner, 10000, 0 FROM unnest($1::uuid[], $2::uuid[]) AS x(id, owner)`, [created.map((c) => c.id), created.map((c) => c.owner_id)]);
      }
    });
  }
}
