import { act } from 'react';
import { describe, expect, it, jest } from '@jest/globals';
import { stubGlobal } from '../../../test/stub-global';
import { I18nProvider } from '../../../i18n/I18nProvider';
import { allByTestId, byTestId, click, graphQLError, render, stubGraphQL, typeInto, waitFor, type GraphQLCall } from '../../../test/dom-test-utils';
import { CatalogPage } from './CatalogPage';

const VERSION_ID = '7d1e4c2a-0f55-4d3b-9a8e-2b7c1f0e9a11';

function template(i: number, extra: Record<string, unknown> = {}) {
  return {
    id: `tpl-${i}`,
    title: `Golden hour ${i}`,
    description: '',
    tags: ['film', i % 2 ? 'outdoor' : 'studio'],
    category: null,
    baseModel: 'SDXL',
    publishedAt: '2026-11-20T08:30:00Z',
    publishedVersion: { id: i === 1 ? VERSION_ID : `ver-${i}`, number: 2, current: true, publishedAt: '2026-11-20T08:30:00Z', coverUrl: i === 2 ? 'https://cdn.example/cover-2.png' : null },
    ...extra,
  };
}

function page(nodes: unknown[], totalCount: number, endCursor: string | null) {
  return { body: { data: { catalog: { totalCount, pageInfo: { hasNextPage: endCursor !== null, endCursor }, edges: nodes.map((node, i) => ({ cursor: `c${i}`, node })) } } } };
}

const VERSION = {
  id: VERSION_ID,
  templateId: 'tpl-1',
  title: 'Golden hour 1',
  number: 2,
  specHash: 'a'.repeat(64),
  current: true,
  publishedAt: '2026-11-20T08:30:00Z',
  coverUrl: null,
  previews: [{ id: 'p-1', url: 'https://cdn.example/p-1.png', width: 768, height: 1024 }],
  spec: { styleLoras: [{ loraId: 'l-film', weight: 0.7 }] },
  triggerWords: ['film grain'],
  comfyGraph: { checkpoint: { class_type: 'CheckpointLoaderSimple', inputs: { ckpt_name: 'sdxl.safetensors' } }, positive: { class_type: 'CLIPTextEncode', inputs: { text: 'portrait of {{subject}}, film grain' } } },
};

function stubCatalog(extra: Record<string, (call: GraphQLCall) => { status?: number; body: unknown }> = {}) {
  return stubGraphQL({
    StudioCatalog: ({ variables }) => (variables['after'] === 'cursor-1' ? page([template(3)], 3, null) : page([template(1), template(2)], 3, 'cursor-1')),
    StudioCatalogVersion: () => ({ body: { data: { catalogVersion: VERSION } } }),
    ...extra,
  });
}

const catalogCalls = (calls: GraphQLCall[]) => calls.filter((c) => c.query.includes('query StudioCatalog('));

describe('CatalogPage', () => {
  it('shows each published template as a card: cover or placeholder, title, tags, base model, date, pinned version and status', async () => {
    stubCatalog();
    const container = render(<CatalogPage />);
    await waitFor(() => expect(allByTestId(container, 'catalog-card')).toHaveLength(2));
    expect(byTestId(container, 'catalog-count').textContent).toBe('3 published templates');
    const [first, second] = allByTestId(container, 'catalog-card');
    expect(byTestId(first!, 'catalog-card-title').textContent).toBe('Golden hour 1');
    expect(byTestId(first!, 'catalog-card-version-id').textContent).toBe(VERSION_ID);
    expect(byTestId(first!, 'catalog-version-status').textContent).toBe('v2 · Current');
    expect(first!.textContent).toContain('SDXL');
    expect(first!.textContent).toContain('Nov 20, 2026');
    expect([...first!.querySelectorAll('.tag')].map((t) => t.textContent)).toEqual(['film', 'outdoor']);
    expect(byTestId(first!, 'catalog-cover-placeholder').textContent).toBe('No cover yet');
    expect(byTestId<HTMLImageElement>(second!, 'catalog-cover').src).toBe('https://cdn.example/cover-2.png');
  });

  it('sends search, base model and tag as the catalog filter, and pages on with the cursor', async () => {
    const calls = stubCatalog();
    const container = render(<CatalogPage />);
    await waitFor(() => expect(allByTestId(container, 'catalog-card')).toHaveLength(2));
    expect(catalogCalls(calls)[0]!.variables).toEqual({ first: 24, after: null });

    click(byTestId(container, 'catalog-load-more'));
    await waitFor(() => expect(allByTestId(container, 'catalog-card')).toHaveLength(3));
    expect(catalogCalls(calls).at(-1)!.variables).toEqual({ first: 24, after: 'cursor-1' });
    expect(container.querySelector('[data-testid="catalog-load-more"]')).toBeNull();

    typeInto(byTestId(container, 'catalog-search'), '  golden ');
    await waitFor(() => expect(catalogCalls(calls).at(-1)!.variables).toEqual({ first: 24, after: null, filter: { search: 'golden' } }));

    const model = byTestId<HTMLSelectElement>(container, 'catalog-base-model');
    act(() => {
      model.value = 'SD15';
      model.dispatchEvent(new Event('change', { bubbles: true }));
    });
    await waitFor(() => expect(catalogCalls(calls).at(-1)!.variables).toEqual({ first: 24, after: null, filter: { search: 'golden', baseModel: 'SD15' } }));

    // A tag on a card filters by it; the tag picker offers every tag seen so far.
    await waitFor(() => expect(allByTestId(container, 'catalog-card')).toHaveLength(2));
    click([...container.querySelectorAll<HTMLButtonElement>('.catalog-tag-button')].find((b) => b.textContent === 'outdoor')!);
    await waitFor(() => expect(catalogCalls(calls).at(-1)!.variables).toEqual({ first: 24, after: null, filter: { search: 'golden', baseModel: 'SD15', tags: ['outdoor'] } }));
    expect([...byTestId<HTMLSelectElement>(container, 'catalog-tag').options].map((o) => o.value)).toEqual(['', 'film', 'outdoor', 'studio']);
    expect(byTestId<HTMLSelectElement>(container, 'catalog-tag').value).toBe('outdoor');
  });

  it('opens what an app receives for the pinned version: trigger words, previews, graph JSON and the query to send', async () => {
    const calls = stubCatalog();
    const writeText = jest.fn(async (_text: string) => undefined);
    stubGlobal('navigator', { ...navigator, clipboard: { writeText } });
    const container = render(<CatalogPage />);
    await waitFor(() => expect(allByTestId(container, 'catalog-card')).toHaveLength(2));
    click(byTestId(allByTestId(container, 'catalog-card')[0]!, 'catalog-open'));

    const drawer = await waitFor(() => byTestId(document.body, 'catalog-drawer'));
    await waitFor(() => expect(byTestId(drawer, 'catalog-drawer-title').textContent).toBe('Golden hour 1'));
    expect(calls.find((c) => c.query.includes('query StudioCatalogVersion('))!.variables).toEqual({ id: VERSION_ID });
    expect(byTestId(drawer, 'catalog-drawer-version-id').textContent).toBe(VERSION_ID);
    await waitFor(() => expect(allByTestId(drawer, 'catalog-trigger-word').map((w) => w.textContent)).toEqual(['film grain']));
    expect(byTestId(drawer, 'catalog-prompt').textContent).toBe('portrait of {{subject}}, film grain');
    expect(byTestId(drawer, 'catalog-previews').querySelector('img')!.getAttribute('src')).toBe('https://cdn.example/p-1.png');
    expect(byTestId<HTMLDetailsElement>(drawer, 'catalog-graph').open).toBe(false);
    expect(JSON.parse(byTestId(drawer, 'catalog-graph-json').textContent!)).toEqual(VERSION.comfyGraph);
    expect(byTestId(drawer, 'catalog-example-query').textContent).toContain('catalogVersion(id: $id)');
    expect(JSON.parse(byTestId(drawer, 'catalog-example-variables').textContent!)).toEqual({ id: VERSION_ID });
    expect(JSON.parse(byTestId(drawer, 'catalog-example-headers').textContent!)).toEqual({ 'x-api-key': '<your catalog:read API key>' });

    click(byTestId(drawer, 'catalog-example-curl'));
    expect(byTestId(drawer, 'catalog-example-curl').getAttribute('aria-pressed')).toBe('true');
    expect(byTestId(drawer, 'catalog-example-curl').textContent).toBe('cURL');
    const curl = drawer.querySelector('pre[data-testid="catalog-example-curl"]')!.textContent!;
    expect(curl).toContain(`-H 'x-api-key: <your catalog:read API key>'`);
    expect(curl).toContain(`"variables":{"id":"${VERSION_ID}"}`);

    click(byTestId(drawer, 'copy-drawer-version-id'));
    await waitFor(() => expect(byTestId(drawer, 'copy-drawer-version-id').textContent).toBe('Copied'));
    expect(writeText).toHaveBeenCalledWith(VERSION_ID);

    click(byTestId(drawer, 'catalog-drawer-close'));
    expect(document.querySelector('[data-testid="catalog-drawer"]')).toBeNull();
  });

  it('says when a version uses no trigger words and has no previews yet', async () => {
    stubCatalog({ StudioCatalogVersion: () => ({ body: { data: { catalogVersion: { ...VERSION, previews: [], spec: { styleLoras: [] }, triggerWords: [] } } } }) });
    const container = render(<CatalogPage />);
    await waitFor(() => expect(allByTestId(container, 'catalog-card')).toHaveLength(2));
    click(byTestId(allByTestId(container, 'catalog-card')[0]!, 'catalog-open'));
    const drawer = await waitFor(() => byTestId(document.body, 'catalog-drawer'));
    await waitFor(() => expect(byTestId(drawer, 'catalog-trigger-words-none').textContent).toContain('No trigger words'));
    expect(byTestId(drawer, 'catalog-previews-none').textContent).toContain('No preview images yet');
  });

  it('shows the API’s refusal and retries', async () => {
    let fail = true;
    stubCatalog({ StudioCatalog: () => (fail ? graphQLError('FORBIDDEN', 'You cannot read the catalog.') : page([template(1)], 1, null)) });
    const container = render(<CatalogPage />);
    const alert = await waitFor(() => {
      const banner = container.querySelector<HTMLElement>('[role="alert"]');
      expect(banner).not.toBeNull();
      return banner!;
    });
    expect(alert.textContent).toContain('You cannot read the catalog.');
    fail = false;
    click(alert.querySelector('button')!);
    await waitFor(() => expect(allByTestId(container, 'catalog-card')).toHaveLength(1));
  });

  it('speaks Chinese, with dates formatted for zh-CN', async () => {
    stubCatalog({ StudioCatalog: () => page([], 0, null) });
    const container = render(
      <I18nProvider initialLocale="zh-CN">
        <CatalogPage />
      </I18nProvider>,
    );
    await waitFor(() => expect(byTestId(container, 'catalog-empty').textContent).toContain('还没有已发布的模板'));
    expect(container.querySelector('h1')!.textContent).toBe('模板目录');
    expect(byTestId(container, 'catalog-count').textContent).toBe('0 个已发布模板');
  });

  it('formats a card’s date for zh-CN', async () => {
    stubCatalog();
    const container = render(
      <I18nProvider initialLocale="zh-CN">
        <CatalogPage />
      </I18nProvider>,
    );
    await waitFor(() => expect(allByTestId(container, 'catalog-card')).toHaveLength(2));
    expect(allByTestId(container, 'catalog-card')[0]!.textContent).toContain('2026年11月20日');
    expect(byTestId(allByTestId(container, 'catalog-card')[0]!, 'catalog-version-status').textContent).toBe('v2 · 当前版本');
  });
});
