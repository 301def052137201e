// The studio's screens as hash routes (`#/earnings`), so the API can serve one index.html for all.
export type Route = { name: 'templates' } | { name: 'earnings' } | { name: 'admin-revenue' };
export type RouteName = Route['name'];

const PATHS: Record<RouteName, string> = {
  templates: '/templates',
  earnings: '/earnings',
  'admin-revenue': '/admin/revenue',
};

/** "#/earnings" (or "#/earnings/", "#earnings") -> the route; anything else is the templates page. */
export function parseRouteHash(hash: string): Route {
  const path = `/${hash.replace(/^#\/?/, '').split('?')[0]!.replace(/\/+$/, '')}`;
  for (const [name, routePath] of Object.entries(PATHS) as Array<[RouteName, string]>) {
    if (path === routePath) return { name } as Route;
  }
  return { name: 'templates' };
}

export function routeHref(name: RouteName): string {
  return `#${PATHS[name]}`;
}
