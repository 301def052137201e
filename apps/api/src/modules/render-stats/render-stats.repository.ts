import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { renderStateSql } from '../render/render-state.js';

// The only file of the render-stats module that builds queries. Figures are counts and waits only:
// nothing here selects an app, an end user, an identity or an image.

/** The figures of a set of renders: counts and queue waits. */
export interface RenderFigures {
  renders: number;
  succeeded: number;
  failed: number;
  cancelled: number;
  paidUses: number;
  refundedUses: number;
  medianWaitSeconds: number | null;
  p95WaitSeconds: number | null;
}

/** One version's figures, for the whole window (day null) or for one UTC day. */
export interface RenderFiguresRow extends RenderFigures {
  versionId: string;
  versionNumber: number;
  /** YYYY-MM-DD, or null for the version's totals over the window. */
  day: string | null;
}

export interface TemplateAccessRow {
  ownerId: string;
  isCoAuthor: boolean;
}

@Injectable()
export class RenderStatsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Who owns the template and whether `userId` is a co-author of any of its revenue agreements; null for no such template. */
  async findTemplateAccess(templateId: string, userId: string): Promise<TemplateAccessRow | null> {
    const [row] = (await this.dataSource.query(
      `SELECT t.owner_id,
              EXISTS (SELECT 1 FROM revenue_agreements a JOIN revenue_agreement_authors x ON x.agreement_id = a.id WHERE a.template_id = t.id AND x.designer_id = $2) AS is_co_author
       FROM templates t WHERE t.id = $1`,
      [templateId, userId],
    )) as Array<{ owner_id: string; is_co_author: boolean }>;
    return row ? { ownerId: row.owner_id, isCoAuthor: row.is_co_author } : null;
  }

  /**
   * Every version of the template that was ever published (the ones apps can render), with its
   * totals over [start, end) and one row per UTC day that had renders, in one statement. A render
   * counts by the day it was created; its state is the settled one, or its job's while not settled
   * (as the app sees it); its wait is its job's first lease minus its enqueueing; it is a paid use
   * when its usage event render:<id> was recorded, refunded when any of that was refunded.
   */
  async renderFigures(templateId: string, start: Date, end: Date): Promise<RenderFiguresRow[]> {
    const rows: Array<{
      version_id: string;
      number: number;
      day: string | null;
      renders: number;
      succeeded: number;
      failed: number;
      cancelled: number;
      paid_uses: number;
      refunded_uses: number;
      median_wait: number | null;
      p95_wait: number | null;
    }> = await this.dataSource.query(
      `WITH versions AS (
         SELECT id, number FROM template_versions WHERE template_id = $1 AND published_at IS NOT NULL
       ), done AS (
         SELECT r.version_id,
                to_char(r.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day,
                ${renderStateSql('r', 'j')} AS state,
                extract(epoch FROM j.started_at - j.created_at)::float8 AS wait_seconds,
                u.event_id IS NOT NULL AS is_paid,
                coalesce(u.refunded_minor, 0) > 0 AS is_refunded
         FROM renders r
         JOIN preview_jobs j ON j.render_id = r.id
         LEFT JOIN usage_events u ON u.consumer_app_id = r.consumer_app_id AND u.event_id = 'render:' || r.id::text
         WHERE r.version_id IN (SELECT id FROM versions) AND r.created_at >= $2 AND r.created_at < $3
       ), figures AS (
         SELECT version_id, day,
                count(*)::int AS renders,
                count(*) FILTER (WHERE state = 'SUCCEEDED')::int AS succeeded,
                count(*) FILTER (WHERE state = 'FAILED')::int AS failed,
                count(*) FILTER (WHERE state = 'CANCELLED')::int AS cancelled,
                count(*) FILTER (WHERE is_paid)::int AS paid_uses,
                count(*) FILTER (WHERE is_refunded)::int AS refunded_uses,
                percentile_cont(0.5) WITHIN GROUP (ORDER BY wait_seconds) AS median_wait,
                percentile_cont(0.95) WITHIN GROUP (ORDER BY wait_seconds) AS p95_wait
         FROM done GROUP BY GROUPING SETS ((version_id), (version_id, day))
       )
       SELECT v.id AS version_id, v.number, f.day,
              coalesce(f.renders, 0) AS renders, coalesce(f.succeeded, 0) AS succeeded, coalesce(f.failed, 0) AS failed,
              coalesce(f.cancelled, 0) AS cancelled, coalesce(f.paid_uses, 0) AS paid_uses, coalesce(f.refunded_uses, 0) AS refunded_uses,
              f.median_wait, f.p95_wait
       FROM versions v LEFT JOIN figures f ON f.version_id = v.id
       ORDER BY v.number DESC, f.day NULLS FIRST`,
      [templateId, start, end],
    );
    return rows.map((r) => ({
      versionId: r.version_id,
      versionNumber: r.number,
      day: r.day,
      renders: r.renders,
      succeeded: r.succeeded,
      failed: r.failed,
      cancelled: r.cancelled,
      paidUses: r.paid_uses,
      refundedUses: r.refunded_uses,
      medianWaitSeconds: r.median_wait,
      p95WaitSeconds: r.p95_wait,
    }));
  }
}
