import { describe, expect, it, jest } from '@jest/globals';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { stubGlobal } from '../../../test/stub-global';
import { I18nProvider } from '../../../i18n/I18nProvider';
import { graphQLError, stubGraphQL } from '../../../test/stub-graphql';
import type { ApiKey } from '../graphql/admin.graphql';
import { ApiKeysPage } from './ApiKeysPage';

function makeApiKey(overrides: Partial<ApiKey> = {}): ApiKey {
  return { id: 'key-1', name: 'miaoya-catalog', prefix: 'ak_12ab', scopes: ['CATALOG_READ'], consumerAppId: null, createdAt: '2026-11-01T02:00:00Z', lastUsedAt: null, revokedAt: null, rateLimitPerMinute: null, effectiveRateLimitPerMinute: 1200, ...overrides };
}

describe('ApiKeysPage', () => {
  it('creates a usage key for a consumer app and shows its secret once, with a copy button', async () => {
    // Before stubbing navigator: setup() puts user-event's own clipboard on whichever navigator is current.
    const user = userEvent.setup();
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
    const { container } = render(<ApiKeysPage />);
    await waitFor(() => expect(screen.getAllByTestId('api-key-row')).toHaveLength(1));
    expect(screen.getByTestId('api-key-prefix').textContent).toBe('ak_12ab…');

    await user.type(screen.getByRole('textbox', { name: 'Name' }), 'miaoya-usage');
    // Each scope's label starts with its name, then its hint.
    await user.click(screen.getByRole('checkbox', { name: /^Read catalogue/ }));
    await user.click(screen.getByRole('checkbox', { name: /^Report usage/ }));
    await user.click(screen.getByRole('button', { name: 'Create key' }));
    // Usage needs the consumer app it is billed to.
    expect(container.querySelector('.field-error')!.textContent).toBe('Enter the consumer app this key reports usage for.');
    expect(calls.some((c) => c.query.includes('mutation CreateApiKey'))).toBe(false);

    await user.type(screen.getByRole('textbox', { name: 'Consumer app' }), 'Miaoya Camera');
    await user.click(screen.getByRole('button', { name: 'Create key' }));

    const secret = await screen.findByTestId('secret-once');
    expect(calls.find((c) => c.query.includes('mutation CreateApiKey'))!.variables).toEqual({ input: { name: 'miaoya-usage', scopes: ['USAGE_WRITE'], consumerApp: 'Miaoya Camera' } });
    expect(within(secret).getByTestId('secret-value').textContent).toBe('ak_9f9f.secret-value');
    expect(secret.textContent).toContain('Store it now');
    await user.click(within(secret).getByRole('button', { name: 'Copy' }));
    await waitFor(() => expect(writeText).toHaveBeenCalledWith('ak_9f9f.secret-value'));
    await waitFor(() => expect(screen.getAllByTestId('api-key-row')).toHaveLength(2));

    await user.click(within(secret).getByRole('button', { name: 'I have stored it' }));
    expect(screen.queryByTestId('secret-once')).toBeNull();
    expect(container.textContent).not.toContain('secret-value');
  });

  it('creates a render key, which names its consumer app, and lists its scope', async () => {
    const user = userEvent.setup();
    let keys: ApiKey[] = [];
    const calls = stubGraphQL({
      AdminApiKeys: () => ({ body: { data: { apiKeys: keys } } }),
      CreateApiKey: () => {
        const created = makeApiKey({ id: 'key-3', name: 'miaoya-render', prefix: 'ak_7e7e', scopes: ['RENDER'], consumerAppId: 'app-1' });
        keys = [created];
        return { body: { data: { createApiKey: { key: 'ak_7e7e.secret', webhookSecret: 'whsec_0123456789abcdef', apiKey: created } } } };
      },
    });
    const { container } = render(<ApiKeysPage />);
    await user.type(screen.getByRole('textbox', { name: 'Name' }), 'miaoya-render');
    await user.click(screen.getByRole('checkbox', { name: /^Read catalogue/ }));
    await user.click(screen.getByRole('checkbox', { name: /^Render/ }));
    await user.click(screen.getByRole('button', { name: 'Create key' }));
    // End users' identities belong to the app.
    expect(container.querySelector('.field-error')!.textContent).toBe('Enter the consumer app whose end users’ identities this key uploads.');
    expect(calls.some((c) => c.query.includes('mutation CreateApiKey'))).toBe(false);

    await user.type(screen.getByRole('textbox', { name: 'Consumer app' }), 'Miaoya Camera');
    await user.click(screen.getByRole('button', { name: 'Create key' }));
    await screen.findByTestId('secret-once');
    expect(calls.find((c) => c.query.includes('mutation CreateApiKey'))!.variables).toEqual({ input: { name: 'miaoya-render', scopes: ['RENDER'], consumerApp: 'Miaoya Camera' } });
    await waitFor(() => expect(screen.getAllByTestId('api-key-row')).toHaveLength(1));
    expect(screen.getByTestId('api-key-row').textContent).toContain('Render');
    // Its webhook secret is shown once beside the key, and goes when dismissed.
    const webhook = screen.getByTestId('webhook-secret-once');
    expect(within(webhook).getByTestId('webhook-secret-value').textContent).toBe('whsec_0123456789abcdef');
    expect(webhook.textContent).toContain('X-Atelier-Signature');
    await user.click(within(webhook).getByRole('button', { name: 'I have stored it' }));
    expect(screen.queryByTestId('webhook-secret-once')).toBeNull();
    expect(container.textContent).not.toContain('whsec_');
    expect(screen.getByTestId('secret-once')).toBeTruthy();
  });

  it('revokes a key after confirmation', async () => {
    const user = userEvent.setup();
    let revoked = false;
    const calls = stubGraphQL({
      AdminApiKeys: () => ({ body: { data: { apiKeys: [makeApiKey(revoked ? { revokedAt: '2026-11-25T04:00:00Z' } : {})] } } }),
      RevokeApiKey: ({ variables }) => {
        revoked = true;
        return { body: { data: { revokeApiKey: { id: variables.id, revokedAt: '2026-11-25T04:00:00Z' } } } };
      },
    });
    render(<ApiKeysPage />);
    await user.click(await screen.findByRole('button', { name: 'Revoke' }));
    const dialog = screen.getByRole('dialog', { name: 'Revoke “miaoya-catalog”?' });
    expect(dialog.textContent).toContain('ak_12ab…');
    await user.click(within(dialog).getByRole('button', { name: 'Revoke' }));

    await waitFor(() => expect(screen.getByTestId('api-key-status').textContent).toBe('Revoked'));
    expect(calls.find((c) => c.query.includes('mutation RevokeApiKey'))!.variables).toEqual({ id: 'key-1' });
    expect(screen.queryByTestId('confirm-dialog')).toBeNull();
    expect(screen.queryByTestId('revoke-api-key')).toBeNull();
  });

  it('puts BAD_USER_INPUT issues next to their fields, in Chinese for a Chinese admin', async () => {
    const user = userEvent.setup();
    stubGraphQL({
      AdminApiKeys: () => ({ body: { data: { apiKeys: [] } } }),
      CreateApiKey: () => ({ status: 400, ...graphQLError('BAD_USER_INPUT', 'Invalid input', [{ path: ['input', 'name'], message: 'A key with this name exists.' }]) }),
    });
    const { container } = render(
      <I18nProvider initialLocale="zh-CN">
        <ApiKeysPage />
      </I18nProvider>,
    );
    await screen.findByText('还没有 API 密钥。');
    await user.click(screen.getByRole('button', { name: '创建密钥' }));
    expect(container.querySelector('.field-error')!.textContent).toBe('请输入密钥名称。');

    const name = screen.getByRole('textbox', { name: '名称' });
    await user.type(name, 'dup');
    await user.click(screen.getByRole('button', { name: '创建密钥' }));
    await waitFor(() => expect(name.getAttribute('aria-invalid')).toBe('true'));
    expect(name.parentElement!.querySelector('.field-error')!.textContent).toBe('A key with this name exists.');
    expect(screen.queryByTestId('secret-once')).toBeNull();
  });

  it("shows each key's rate limit, sets one when creating a key, and changes it for a key", async () => {
    const user = userEvent.setup();
    let keys: ApiKey[] = [makeApiKey(), makeApiKey({ id: 'key-2', name: 'kiosk', prefix: 'ak_34cd', rateLimitPerMinute: 600, effectiveRateLimitPerMinute: 600 })];
    const calls = stubGraphQL({
      AdminApiKeys: () => ({ body: { data: { apiKeys: keys } } }),
      CreateApiKey: () => {
        const created = makeApiKey({ id: 'key-3', name: 'booth', prefix: 'ak_56ef', rateLimitPerMinute: 250, effectiveRateLimitPerMinute: 250 });
        keys = [...keys, created];
        return { body: { data: { createApiKey: { key: 'ak_56ef.secret', apiKey: created } } } };
      },
      SetApiKeyRateLimit: ({ variables }) => {
        const perMinute = variables['perMinute'] as number | null;
        keys = keys.map((k) => (k.id === variables['id'] ? { ...k, rateLimitPerMinute: perMinute, effectiveRateLimitPerMinute: perMinute ?? 1200 } : k));
        return { body: { data: { setApiKeyRateLimit: { id: variables['id'], rateLimitPerMinute: perMinute, effectiveRateLimitPerMinute: perMinute ?? 1200 } } } };
      },
    });
    render(<ApiKeysPage />);
    await waitFor(() => expect(screen.getAllByTestId('api-key-rate-limit-value').map((c) => c.textContent)).toEqual(['1,200 / min (default)', '600 / min']));

    // A new key with its own limit; a limit that is no whole number is refused before sending.
    await user.type(screen.getByRole('textbox', { name: 'Name' }), 'booth');
    const limit = screen.getByRole('textbox', { name: /^Rate limit/ });
    await user.type(limit, '2.5');
    await user.click(screen.getByRole('button', { name: 'Create key' }));
    expect(limit.parentElement!.querySelector('.field-error')!.textContent).toBe('Enter a whole number of requests per minute from 1 to 1,000,000, or leave it empty for the default.');
    expect(calls.some((c) => c.query.includes('mutation CreateApiKey'))).toBe(false);
    await user.clear(limit);
    await user.type(limit, '250');
    await user.click(screen.getByRole('button', { name: 'Create key' }));
    await screen.findByTestId('secret-once');
    expect(calls.find((c) => c.query.includes('mutation CreateApiKey'))!.variables).toEqual({ input: { name: 'booth', scopes: ['CATALOG_READ'], rateLimitPerMinute: 250 } });
    await waitFor(() => expect(screen.getAllByTestId('api-key-rate-limit-value').map((c) => c.textContent)).toEqual(['1,200 / min (default)', '600 / min', '250 / min']));

    // Raise the default key's limit.
    await user.click(screen.getByRole('button', { name: 'Change · miaoya-catalog' }));
    let dialog = screen.getByRole('dialog', { name: 'Rate limit of “miaoya-catalog”' });
    const input = within(dialog).getByRole('textbox', { name: 'Rate limit' });
    expect((input as HTMLInputElement).value).toBe('');
    await user.type(input, '5000');
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.queryByTestId('api-key-rate-limit-dialog')).toBeNull());
    expect(calls.find((c) => c.query.includes('mutation SetApiKeyRateLimit'))!.variables).toEqual({ id: 'key-1', perMinute: 5000 });
    expect(screen.getAllByTestId('api-key-rate-limit-value')[0]!.textContent).toBe('5,000 / min');

    // Emptied: back to the default.
    await user.click(screen.getByRole('button', { name: 'Change · kiosk' }));
    dialog = screen.getByRole('dialog', { name: 'Rate limit of “kiosk”' });
    await user.clear(within(dialog).getByRole('textbox', { name: 'Rate limit' }));
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.getAllByTestId('api-key-rate-limit-value')[1]!.textContent).toBe('1,200 / min (default)'));
    expect(calls.filter((c) => c.query.includes('mutation SetApiKeyRateLimit')).at(-1)!.variables).toEqual({ id: 'key-2', perMinute: null });
  });

  it("says the API's refusal of a rate limit by its reason, in Chinese for a Chinese admin", async () => {
    const user = userEvent.setup();
    const params = { min: 1, max: 1000000 };
    const message = 'The rate limit must be a whole number of requests per minute from 1 to 1,000,000.';
    stubGraphQL({
      AdminApiKeys: () => ({ body: { data: { apiKeys: [makeApiKey({ revokedAt: null }), makeApiKey({ id: 'key-9', name: 'old', revokedAt: '2026-11-20T00:00:00Z' })] } } }),
      SetApiKeyRateLimit: () => ({ status: 400, body: { data: null, errors: [{ message, extensions: { code: 'BAD_USER_INPUT', reason: 'apiKey.rateLimitRange', params, issues: [{ path: 'perMinute', message, reason: 'apiKey.rateLimitRange', params }] } }] } }),
    });
    render(
      <I18nProvider initialLocale="zh-CN">
        <ApiKeysPage />
      </I18nProvider>,
    );
    await waitFor(() => expect(screen.getAllByTestId('api-key-rate-limit-value').map((c) => c.textContent)).toEqual(['1,200 次/分钟（默认）', '1,200 次/分钟（默认）']));
    // A revoked key's limit is shown, not changed.
    expect(screen.getAllByTestId('change-api-key-rate-limit')).toHaveLength(1);
    await user.click(screen.getByTestId('change-api-key-rate-limit'));
    const dialog = screen.getByRole('dialog', { name: '“miaoya-catalog”的速率限制' });
    const input = within(dialog).getByRole('textbox', { name: '速率限制' });
    await user.type(input, '1000000');
    await user.click(within(dialog).getByRole('button', { name: '保存' }));
    await waitFor(() => expect(input.getAttribute('aria-invalid')).toBe('true'));
    expect(input.parentElement!.querySelector('.field-error')!.textContent).toBe('速率限制须为每分钟 1 到 1,000,000 次请求之间的整数。');
  });
});

