import { describe, expect, it } from '@jest/globals';
import { editorHref, historyHref, parseRouteHash, reviewHref, routeHref, termsHref } from './routes';

describe('hash routes', () => {
  it('maps hashes to screens, with the templates page as the default', () => {
    expect(parseRouteHash('')).toEqual({ name: 'templates' });
    expect(parseRouteHash('#/templates')).toEqual({ name: 'templates' });
    expect(parseRouteHash('#/earnings')).toEqual({ name: 'earnings' });
    expect(parseRouteHash('#/earnings/')).toEqual({ name: 'earnings' });
    expect(parseRouteHash('#/admin/revenue?designer=1')).toEqual({ name: 'admin-revenue' });
    expect(parseRouteHash('#/admin/api-keys')).toEqual({ name: 'admin-api-keys' });
    expect(parseRouteHash('#/admin/preview-subjects')).toEqual({ name: 'admin-subjects' });
    expect(parseRouteHash('#/admin/audit')).toEqual({ name: 'admin-audit' });
    expect(parseRouteHash('#/admin/system')).toEqual({ name: 'admin-system' });
    expect(parseRouteHash('#/admin/audit?action=version.&entity=template:t1')).toEqual({ name: 'admin-audit' });
    expect(parseRouteHash('#/account')).toEqual({ name: 'account' });
    expect(parseRouteHash('#/nowhere')).toEqual({ name: 'templates' });
  });

  it('builds the hrefs it parses', () => {
    expect(parseRouteHash(routeHref('admin-revenue'))).toEqual({ name: 'admin-revenue' });
    expect(parseRouteHash(editorHref('a1b2'))).toEqual({ name: 'editor', templateId: 'a1b2' });
    expect(parseRouteHash('#/templates/a1b2/')).toEqual({ name: 'editor', templateId: 'a1b2' });
    expect(parseRouteHash(historyHref('a 1'))).toEqual({ name: 'history', templateId: 'a 1' });
    expect(parseRouteHash(termsHref('a 1'))).toEqual({ name: 'terms', templateId: 'a 1' });
    expect(parseRouteHash(reviewHref('v9'))).toEqual({ name: 'review', versionId: 'v9' });
    expect(parseRouteHash(routeHref('reviews'))).toEqual({ name: 'reviews' });
    expect(parseRouteHash(routeHref('catalog'))).toEqual({ name: 'catalog' });
    expect(parseRouteHash(routeHref('account'))).toEqual({ name: 'account' });
    expect(parseRouteHash(routeHref('admin-audit'))).toEqual({ name: 'admin-audit' });
    expect(parseRouteHash(routeHref('admin-system'))).toEqual({ name: 'admin-system' });
  });
});
