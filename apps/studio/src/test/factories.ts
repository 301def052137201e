import type { SessionUser } from '../features/auth/graphql/session.graphql';
import type { RevenueOverview } from '../features/admin-revenue/graphql/revenue-overview.graphql';
import type { EarningsRow, UsageLine } from '../features/earnings/graphql/earnings.graphql';
import type { Statement, StatementLine } from '../features/statements/graphql/statement.graphql';
import type { TemplateStanding, TemplateSummary, TemplateVersionSummary } from '../features/templates/graphql/templates.graphql';

let nextId = 1;

export function makeUser(overrides: Partial<SessionUser> = {}): SessionUser {
  return { id: 'user-1', email: 'designer@atelier.local', displayName: 'Dana Designer', roles: ['DESIGNER'], locale: null, ...overrides };
}

export function makeVersion(overrides: Partial<TemplateVersionSummary> = {}): TemplateVersionSummary {
  return {
    id: `version-${nextId++}`,
    number: 1,
    state: 'DRAFT',
    revision: 1,
    specHash: 'sha256:0000',
    updatedAt: '2025-01-01T10:00:00.000Z',
    ...overrides,
  };
}

/** Where a template stands; a draft never submitted unless said. */
export function makeStanding(overrides: Partial<TemplateStanding> = {}): TemplateStanding {
  return { state: 'DRAFT_ONLY', versionId: `version-${nextId++}`, versionNumber: 1, reviewNote: null, decidedAt: null, publishedVersionNumber: null, ...overrides };
}

export function makeTemplate(overrides: Partial<TemplateSummary> = {}): TemplateSummary {
  const id = `template-${nextId++}`;
  return {
    id,
    title: `Template ${id}`,
    description: '',
    tags: [],
    category: null,
    baseModel: 'SDXL',
    updatedAt: '2025-01-01T10:00:00.000Z',
    draft: makeVersion(),
    publishedVersion: null,
    standing: makeStanding(),
    ...overrides,
  };
}

/** A `templates` connection response for the given nodes. */
export function makeTemplatesPage(
  nodes: TemplateSummary[],
  { hasNextPage = false, totalCount = nodes.length }: { hasNextPage?: boolean; totalCount?: number } = {},
) {
  return {
    body: {
      data: {
        templates: {
          edges: nodes.map((node) => ({ cursor: `cursor-${node.id}`, node })),
          pageInfo: { hasNextPage, endCursor: nodes.length ? `cursor-${nodes.at(-1)!.id}` : null },
          totalCount,
        },
      },
    },
  };
}

export function makeEarningsRow(overrides: Partial<EarningsRow> = {}): EarningsRow {
  const shareMinor = overrides.shareMinor ?? 300;
  const refundsMinor = overrides.refundsMinor ?? 0;
  return {
    month: '2026-10',
    templateId: 'template-golden',
    templateTitle: 'Golden Hour Film',
    currency: 'CNY',
    uses: 1,
    grossMinor: 1000,
    shareMinor,
    refundsMinor,
    netMinor: shareMinor - refundsMinor,
    ...overrides,
  };
}

export function makeUsageLine(overrides: Partial<UsageLine> = {}): UsageLine {
  return {
    kind: 'USAGE',
    occurredAt: '2026-10-15T04:00:00.000Z',
    templateId: 'template-golden',
    templateTitle: 'Golden Hour Film',
    versionNumber: 1,
    appName: 'Miaoya Camera',
    currency: 'CNY',
    basisMinor: 1000,
    shareMinor: 300,
    ...overrides,
  };
}

export function makeStatement(overrides: Partial<Statement> = {}): Statement {
  const lines = overrides.lines ?? [
    { templateId: 'template-golden', templateTitle: 'Golden Hour Film', versionId: 'version-golden-1', versionNumber: 1, uses: 3, grossMinor: 3000, shareMinor: 900, refundsMinor: 0, netMinor: 900 },
    { templateId: 'template-hanfu', templateTitle: 'Hanfu Garden', versionId: 'version-hanfu-1', versionNumber: 2, uses: 1, grossMinor: 2000, shareMinor: 600, refundsMinor: 150, netMinor: 450 },
  ];
  const sum = (pick: (l: StatementLine) => number) => lines.reduce((a, l) => a + pick(l), 0);
  const openingMinor = overrides.openingMinor ?? 300;
  const payoutsMinor = overrides.payoutsMinor ?? 0;
  const netMinor = sum((l) => l.netMinor);
  return {
    id: 'statement-1',
    designerId: 'user-1',
    month: '2026-10',
    currency: 'CNY',
    lines,
    grossMinor: sum((l) => l.grossMinor),
    shareMinor: sum((l) => l.shareMinor),
    refundsMinor: sum((l) => l.refundsMinor),
    netMinor,
    openingMinor,
    payoutsMinor,
    closingMinor: openingMinor + netMinor - payoutsMinor,
    outstandingMinor: Math.max(0, openingMinor + netMinor - payoutsMinor),
    paidAt: null,
    payoutReference: null,
    payoutMinor: null,
    csv: 'statement,2026-10,designer,user-1,currency,CNY\r\n',
    ...overrides,
  };
}

export function makeRevenueOverview(overrides: Partial<RevenueOverview> = {}): RevenueOverview {
  return {
    currency: 'CNY',
    platformRevenueMinor: 5950,
    paidOutMinor: 0,
    apps: [{ appId: 'app-1', appName: 'Miaoya Camera', uses: 8, grossMinor: 9000, refundedMinor: 500, receivableMinor: 8500 }],
    designers: [
      { designerId: 'designer-1', displayName: 'Dana Designer', earnedMinor: 2550, paidMinor: 0, unpaidMinor: 2550 },
      { designerId: 'designer-2', displayName: 'Lin Wei', earnedMinor: 0, paidMinor: 0, unpaidMinor: 0 },
    ],
    ...overrides,
  };
}
