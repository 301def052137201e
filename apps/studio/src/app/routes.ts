// The studio's screens as hash routes (`#/earnings`), so the API can serve one index.html for all.
export type Route =
  | { name: 'templates' }
  | { name: 'earnings' }
  | { name: 'admin-revenue' | 'admin-users' | 'admin-api-keys' | 'admin-worker-tokens' | 'admin-workers' | 'admin-loras' | 'admin-subjects' }
  | { name: 'editor'; templateId: string };
export type RouteName = Exclude<Route['name'], 'editor'>;

const PATHS: Record<RouteName, string> = {
  templates: '/templates',
  earnings: '/earnings',
  'admin-revenue': '/admin/revenue',
  'admin-users': '/admin/users',
  'admin-api-keys': '/admin/api-keys',
  'admin-worker-tokens': '/admin/worker-tokens',
  'admin-workers': '/admin/workers',
  'admin-loras': '/admin/loras',
  'admin-subjects': '/admin/preview-subjects',
};

const EDITOR_PATH = /^\/templates\/([^/]+)$/;

/** "#/earnings" (or "#/earnings/", "#earnings") -> the route; "#/templates/<id>" -> the editor; anything else is the templates page. */
export function parseRouteHash(hash: string): Route {
  const path = `/${hash.replace(/^#\/?/, '').split('?')[0]!.replace(/\/+$/, '')}`;
  for (const [name, routePath] of Object.entries(PATHS) as Array<[RouteName, string]>) {
    if (path === routePath) return { name } as Route;
  }
  const editor = EDITOR_PATH.exec(path);
  if (editor) return { name: 'editor', templateId: decodeURIComponent(editor[1]!) };
  return { name: 'templates' };
}

export function routeHref(name: RouteName): string {
  return `#${PATHS[name]}`;
}

/** A template id -> the hash of its editor page. */
export function editorHref(templateId: string): string {
  return `#/templates/${encodeURIComponent(templateId)}`;
}
