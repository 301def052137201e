import { describe, expect, it, jest } from '@jest/globals';
import { stubGlobal } from '../../../test/stub-global';
import { I18nProvider } from '../../../i18n/I18nProvider';
import { allByTestId, byTestId, click, graphQLError, render, stubGraphQL, typeInto, waitFor } from '../../../test/dom-test-utils';
import type { ApiKey } from '../graphql/admin.graphql';
import { ApiKeysPage } from './ApiKeysPage';

function makeApiKey(overrides: Partial<ApiKey> = {}): ApiKey {
  return { id: 'key-1', name: 'miaoya-catalog', prefix: 'ak_12ab', scopes: ['CATALOG_READ'], consumerAppId: null, createdAt: '2026-11-01T02:00:00Z', lastUsedAt: null, revokedAt: null, ...overrides };
}

describe('ApiKeysPage', () => {
  it('creates a usage key for a consumer app and shows its secret once, with a copy button', async () => {
    let keys: ApiKey[] = [makeApiKey()];
    const writeText = jest.fn(async (_text: string) => undefined);
    stubGlobal('navigator', { ...navigator, clipboard: { writeText } });
    const calls = stubGraphQL({
      AdminApiKeys: () => ({ body: { data: { apiKeys: keys } } }),
      CreateApiKey: ({ variables }) => {
        const created = makeApiKey({ id: 'key-2', name: 'miaoya-usage', prefix: 'ak_9f9f', scopes: ['USAGE_WRITE'], consumerAppId: 'app-1' });
        keys = [...keys, created];
        void variables;
        return { body: { data: { createApiKey: { key: 'ak_9f9f.secret-value', apiKey: created } } } };
      },
    });
    const container = render(<ApiKeysPage />);
    await waitFor(() => expect(allByTestId(container, 'api-key-row')).toHaveLength(1));
    expect(byTestId(container, 'api-key-prefix').textContent).toBe('ak_12ab…');

    typeInto(byTestId(container, 'api-key-name'), 'miaoya-usage');
    click(byTestId(container, 'api-key-scope-CATALOG_READ'));
    click(byTestId(container, 'api-key-scope-USAGE_WRITE'));
    click(byTestId(container, 'create-api-key-submit'));
    // Usage needs the consumer app it is billed to.
    expect(container.querySelector('.field-error')!.textContent).toBe('Enter the consumer app this key reports usage for.');
    expect(calls.some((c) => c.query.includes('mutation CreateApiKey'))).toBe(false);

    typeInto(byTestId(container, 'api-key-consumer-app'), 'Miaoya Camera');
    click(byTestId(container, 'create-api-key-submit'));

    const secret = await waitFor(() => byTestId(container, 'secret-once'));
    expect(calls.find((c) => c.query.includes('mutation CreateApiKey'))!.variables).toEqual({ input: { name: 'miaoya-usage', scopes: ['USAGE_WRITE'], consumerApp: 'Miaoya Camera' } });
    expect(byTestId(secret, 'secret-value').textContent).toBe('ak_9f9f.secret-value');
    expect(secret.textContent).toContain('Store it now');
    click(byTestId(secret, 'copy-secret'));
    await waitFor(() => expect(writeText).toHaveBeenCalledWith('ak_9f9f.secret-value'));
    await waitFor(() => expect(allByTestId(container, 'api-key-row')).toHaveLength(2));

    click(byTestId(secret, 'dismiss-secret'));
    expect(container.querySelector('[data-testid="secret-once"]')).toBeNull();
    expect(container.textContent).not.toContain('secret-value');
  });

  it('revokes a key after confirmation', async () => {
    let revoked = false;
    const calls = stubGraphQL({
      AdminApiKeys: () => ({ body: { data: { apiKeys: [makeApiKey(revoked ? { revokedAt: '2026-11-25T04:00:00Z' } : {})] } } }),
      RevokeApiKey: ({ variables }) => {
        revoked = true;
        return { body: { data: { revokeApiKey: { id: variables.id, revokedAt: '2026-11-25T04:00:00Z' } } } };
      },
    });
    const container = render(<ApiKeysPage />);
    await waitFor(() => byTestId(container, 'revoke-api-key'));
    click(byTestId(container, 'revoke-api-key'));
    const dialog = byTestId(container, 'confirm-dialog');
    expect(dialog.textContent).toContain('ak_12ab…');
    click(byTestId(dialog, 'confirm-submit'));

    await waitFor(() => expect(byTestId(container, 'api-key-status').textContent).toBe('Revoked'));
    expect(calls.find((c) => c.query.includes('mutation RevokeApiKey'))!.variables).toEqual({ id: 'key-1' });
    expect(container.querySelector('[data-testid="confirm-dialog"]')).toBeNull();
    expect(container.querySelector('[data-testid="revoke-api-key"]')).toBeNull();
  });

  it('puts BAD_USER_INPUT issues next to their fields, in Chinese for a Chinese admin', async () => {
    stubGraphQL({
      AdminApiKeys: () => ({ body: { data: { apiKeys: [] } } }),
      CreateApiKey: () => ({ status: 400, ...graphQLError('BAD_USER_INPUT', 'Invalid input', [{ path: ['input', 'name'], message: 'A key with this name exists.' }]) }),
    });
    const container = render(
      <I18nProvider initialLocale="zh-CN">
        <ApiKeysPage />
      </I18nProvider>,
    );
    await waitFor(() => expect(container.textContent).toContain('还没有 API 密钥。'));
    click(byTestId(container, 'create-api-key-submit'));
    expect(container.querySelector('.field-error')!.textContent).toBe('请输入密钥名称。');

    typeInto(byTestId(container, 'api-key-name'), 'dup');
    click(byTestId(container, 'create-api-key-submit'));
    await waitFor(() => expect(byTestId(container, 'api-key-name').getAttribute('aria-invalid')).toBe('true'));
    expect(byTestId(container, 'api-key-name').parentElement!.querySelector('.field-error')!.textContent).toBe('A key with this name exists.');
    expect(container.querySelector('[data-testid="secret-once"]')).toBeNull();
  });
});
