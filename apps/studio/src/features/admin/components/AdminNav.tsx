import { routeHref, type RouteName } from '../../../app/routes';
import { useI18n } from '../../../i18n/useI18n';
import type { MessageKey } from '../../../i18n/types';
import '../admin.css';

export const ADMIN_ROUTES = ['admin-revenue', 'admin-users', 'admin-api-keys', 'admin-worker-tokens', 'admin-system', 'admin-workers', 'admin-loras', 'admin-subjects', 'admin-categories', 'admin-audit'] as const satisfies readonly RouteName[];
export type AdminRouteName = (typeof ADMIN_ROUTES)[number];

const LABELS: Record<AdminRouteName, MessageKey> = {
  'admin-revenue': 'admin.nav.revenue',
  'admin-users': 'admin.nav.users',
  'admin-api-keys': 'admin.nav.apiKeys',
  'admin-worker-tokens': 'admin.nav.workerTokens',
  'admin-system': 'admin.nav.system',
  'admin-workers': 'admin.nav.workers',
  'admin-loras': 'admin.nav.loras',
  'admin-subjects': 'admin.nav.subjects',
  'admin-categories': 'admin.nav.categories',
  'admin-audit': 'admin.nav.audit',
};

export function isAdminRoute(name: string): name is AdminRouteName {
  return (ADMIN_ROUTES as readonly string[]).includes(name);
}

/** The admin area's sub-navigation, shown above every admin page. */
export function AdminNav({ current }: { current: AdminRouteName }) {
  const { t } = useI18n();
  return (
    <nav className="admin-nav" aria-label={t('admin.nav.label')}>
      <div className="admin-nav-inner">
        {ADMIN_ROUTES.map((name) => (
          <a key={name} href={routeHref(name)} className="admin-nav-link" data-testid={`admin-nav-${name}`} aria-current={current === name ? 'page' : undefined}>
            {t(LABELS[name])}
          </a>
        ))}
      </div>
    </nav>
  );
}
