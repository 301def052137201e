import type { ReactNode } from 'react';
import { AdminNav, type AdminRouteName } from './AdminNav';
import { AuditLogPage } from '../../audit/components/AuditLogPage';
import { FacesPage } from '../../faces/components/FacesPage';
import { SystemPage } from '../../system/components/SystemPage';
import { CategoriesPage } from '../../metadata/components/CategoriesPage';
import { ApiKeysPage } from './ApiKeysPage';
import { LorasPage } from './LorasPage';
import { UsersPage } from './UsersPage';
import { WorkersPage } from './WorkersPage';
import { WorkerTokensPage } from './WorkerTokensPage';

/** The admin area (ADMIN only, checked by the caller): the sub-navigation and the page of the route. */
export function AdminScreen({ route, revenuePage, currentUserId }: { route: AdminRouteName; revenuePage: ReactNode; currentUserId: string }) {
  return (
    <>
      <AdminNav current={route} />
      {route === 'admin-revenue' && revenuePage}
      {route === 'admin-users' && <UsersPage currentUserId={currentUserId} />}
      {route === 'admin-api-keys' && <ApiKeysPage />}
      {route === 'admin-worker-tokens' && <WorkerTokensPage />}
      {route === 'admin-system' && <SystemPage />}
      {route === 'admin-workers' && <WorkersPage />}
      {route === 'admin-loras' && <LorasPage />}
      {route === 'admin-subjects' && <FacesPage />}
      {route === 'admin-categories' && <CategoriesPage />}
      {route === 'admin-audit' && <AuditLogPage />}
    </>
  );
}
