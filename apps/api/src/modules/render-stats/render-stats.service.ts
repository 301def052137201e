import { Injectable } from '@nestjs/common';
import { notFound, requireUuid } from '../../common/app-error.js';
import { hasRole, type AuthUser } from '../../common/request-context.js';
import { RenderStatsRepository, type RenderFigures, type RenderFiguresRow } from './render-stats.repository.js';
import { daysOf, toRenderStatsWindow } from './render-stats-window.js';

export type RenderFiguresView = RenderFigures;

export interface RenderStatsDayView {
  day: string;
  renders: number;
  failed: number;
  paidUses: number;
  p95WaitSeconds: number | null;
}

export interface VersionRenderStatsView extends RenderFiguresView {
  versionId: string;
  versionNumber: number;
  /** Refunded uses / paid uses; null without paid uses. */
  refundRate: number | null;
  /** Every UTC day of the window, oldest first, days without renders at 0. */
  days: RenderStatsDayView[];
}

export interface TemplateRenderStatsView {
  templateId: string;
  from: string;
  to: string;
  versions: VersionRenderStatsView[];
}

/** One version's rows (totals first, then its days) -> its figures with every day of the window filled in. */
export function toVersionRenderStats(rows: readonly RenderFiguresRow[], days: readonly string[]): VersionRenderStatsView {
  const totals = rows.find((r) => r.day === null)!;
  const byDay = new Map(rows.filter((r) => r.day !== null).map((r) => [r.day!, r]));
  return {
    versionId: totals.versionId,
    versionNumber: totals.versionNumber,
    renders: totals.renders,
    succeeded: totals.succeeded,
    failed: totals.failed,
    cancelled: totals.cancelled,
    paidUses: totals.paidUses,
    refundedUses: totals.refundedUses,
    refundRate: totals.paidUses > 0 ? totals.refundedUses / totals.paidUses : null,
    medianWaitSeconds: totals.medianWaitSeconds,
    p95WaitSeconds: totals.p95WaitSeconds,
    days: days.map((day) => {
      const row = byDay.get(day);
      return { day, renders: row?.renders ?? 0, failed: row?.failed ?? 0, paidUses: row?.paidUses ?? 0, p95WaitSeconds: row?.p95WaitSeconds ?? null };
    }),
  };
}

// How a template's published versions do with consumer apps: counts and queue waits for its
// authors, never who rendered what.
@Injectable()
export class RenderStatsService {
  constructor(private readonly stats: RenderStatsRepository) {}

  /** The template's owner, the co-authors of its revenue agreements and admins; anyone else is told it does not exist, as template(id) tells them. */
  private async requireAuthorOrAdmin(user: AuthUser, templateId: string): Promise<void> {
    const access = await this.stats.findTemplateAccess(templateId, user.id);
    if (!access) throw notFound('Template', templateId);
    if (access.ownerId === user.id || access.isCoAuthor || hasRole(user, 'ADMIN')) return;
    throw notFound('Template', templateId);
  }

  async templateRenderStats(user: AuthUser, templateId: string, from: string, to: string): Promise<TemplateRenderStatsView> {
    const id = requireUuid(templateId, 'Template');
    const window = toRenderStatsWindow(from, to);
    await this.requireAuthorOrAdmin(user, id);
    const rows = await this.stats.renderFigures(id, window.start, window.end);
    const days = daysOf(window);
    const byVersion = new Map<string, RenderFiguresRow[]>();
    for (const row of rows) byVersion.set(row.versionId, [...(byVersion.get(row.versionId) ?? []), row]);
    return { templateId: id, from: window.from, to: window.to, versions: [...byVersion.values()].map((versionRows) => toVersionRenderStats(versionRows, days)) };
  }
}
