// The studio's screens as hash routes (`#/earnings`), so the API can serve one index.html for all.
export type Route =
  | { name: 'templates' }
  | { name: 'earnings' }
  | { name: 'reviews' }
  | { name: 'catalog' }
  | { name: 'account' }
  | { name: 'admin-revenue' | 'admin-users' | 'admin-api-keys' | 'admin-worker-tokens' | 'admin-system' | 'admin-workers' | 'admin-loras' | 'admin-subjects' | 'admin-categories' | 'admin-audit' }
  | { name: 'editor'; templateId: string }
  | { name: 'history'; templateId: string }
  // A template's revenue terms on their own, for co-authors (who cannot open the template itself).
  | { name: 'terms'; templateId: string }
  | { name: 'review'; versionId: string }
  // The page a one-time set-password link opens (works signed in or out).
  | { name: 'set-password'; token: string };
export type RouteName = Exclude<Route['name'], 'editor' | 'history' | 'terms' | 'review' | 'set-password'>;

const PATHS: Record<RouteName, string> = {
  templates: '/templates',
  earnings: '/earnings',
  reviews: '/reviews',
  catalog: '/catalog',
  account: '/account',
  'admin-revenue': '/admin/revenue',
  'admin-users': '/admin/users',
  'admin-api-keys': '/admin/api-keys',
  'admin-worker-tokens': '/admin/worker-tokens',
  'admin-system': '/admin/system',
  'admin-workers': '/admin/workers',
  'admin-loras': '/admin/loras',
  'admin-subjects': '/admin/preview-subjects',
  'admin-categories': '/admin/categories',
  // Filters follow in the hash's query (#/admin/audit?action=version.), see features/audit/audit-filters.ts.
  'admin-audit': '/admin/audit',
};

const EDITOR_PATH = /^\/templates\/([^/]+)$/;
const HISTORY_PATH = /^\/templates\/([^/]+)\/history$/;
const TERMS_PATH = /^\/templates\/([^/]+)\/terms$/;
const REVIEW_PATH = /^\/reviews\/([^/]+)$/;

/**
 * "#/earnings" (or "#/earnings/", "#earnings") -> the route; "#/templates/<id>" -> the editor, "#/templates/<id>/history" -> its
 * versions; "#/reviews/<versionId>" -> the review page; anything else is the templates page.
 */
export function parseRouteHash(hash: string): Route {
  const path = `/${hash.replace(/^#\/?/, '').split('?')[0]!.replace(/\/+$/, '')}`;
  for (const [name, routePath] of Object.entries(PATHS) as Array<[RouteName, string]>) {
    if (path === routePath) return { name } as Route;
  }
  const editor = EDITOR_PATH.exec(path);
  if (editor) return { name: 'editor', templateId: decodeURIComponent(editor[1]!) };
  const history = HISTORY_PATH.exec(path);
  if (history) return { name: 'history', templateId: decodeURIComponent(history[1]!) };
  const terms = TERMS_PATH.exec(path);
  if (terms) return { name: 'terms', templateId: decodeURIComponent(terms[1]!) };
  const review = REVIEW_PATH.exec(path);
  if (review) return { name: 'review', versionId: decodeURIComponent(review[1]!) };
  if (path === '/set-password') return { name: 'set-password', token: new URLSearchParams(hash.split('?')[1] ?? '').get('token') ?? '' };
  return { name: 'templates' };
}

export function routeHref(name: RouteName): string {
  return `#${PATHS[name]}`;
}

/** The full address of a set-password link, for an admin to pass on. */
export function setPasswordLink(token: string, origin: string = window.location.origin): string {
  return `${origin}/#/set-password?token=${encodeURIComponent(token)}`;
}

/** A template id -> the hash of its editor page. */
export function editorHref(templateId: string): string {
  return `#/templates/${encodeURIComponent(templateId)}`;
}

/** A template id -> the hash of its version history page. */
export function historyHref(templateId: string): string {
  return `#/templates/${encodeURIComponent(templateId)}/history`;
}

/** A template id -> the hash of its revenue terms page. */
export function termsHref(templateId: string): string {
  return `#/templates/${encodeURIComponent(templateId)}/terms`;
}

/** A version id -> the hash of its review page. */
export function reviewHref(versionId: string): string {
  return `#/reviews/${encodeURIComponent(versionId)}`;
}
