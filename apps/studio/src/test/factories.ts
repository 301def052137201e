import type { SessionUser } from '../features/auth/graphql/session.graphql';
import type { TemplateSummary, TemplateVersionSummary } from '../features/templates/graphql/templates.graphql';

let nextId = 1;

export function makeUser(overrides: Partial<SessionUser> = {}): SessionUser {
  return { id: 'user-1', email: 'designer@atelier.local', displayName: 'Dana Designer', roles: ['DESIGNER'], ...overrides };
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

export function makeTemplate(overrides: Partial<TemplateSummary> = {}): TemplateSummary {
  const id = `template-${nextId++}`;
  return {
    id,
    title: `Template ${id}`,
    description: null,
    tags: [],
    category: null,
    baseModel: 'SDXL',
    updatedAt: '2025-01-01T10:00:00.000Z',
    draft: makeVersion(),
    publishedVersion: null,
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
