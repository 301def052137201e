import { describe, expect, it, jest } from '@jest/globals';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { stubGlobal } from '../../../test/stub-global';
import { I18nProvider } from '../../../i18n/I18nProvider';
import { graphQLError, stubGraphQL, type GraphQLCall } from '../../../test/stub-graphql';
import { CatalogPage } from './CatalogPage';

const VERSION_ID = '7d1e4c2a-0f55-4d3b-9a8e-2b7c1f0e9a11';

function template(i: number, extra: Record<string, unknown> = {}) {
  return {
    id: `tpl-${i}`,
    title: `Golden hour ${i}`,
    description: '',
    tags: ['film', i % 2 ? 'outdoor' : 'studio'],
    category: i === 1 ? 'portrait' : null,
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
  recipe: {
    recipeVersion: 1,
    versionId: VERSION_ID,
    specHash: 'a'.repeat(64),
    baseModel: 'sdxl',
    identityMode: 'lora',
    graph: {},
    placeholders: [
      { name: 'identityLora', token: '{{identityLora}}', kind: 'file', folder: 'models/loras', description: 'x' },
      { name: 'likeness', token: '{{likeness}}', kind: 'number', min: 0.9, max: 1.2, default: 0.9, description: 'x' },
      { name: 'gender', token: '{{gender}}', kind: 'text', values: ['woman', 'man', 'person'], pattern: null, description: 'x' },
    ],
    files: [{ role: 'poseMap', fileName: 'atelier-pose-abc.png', folder: 'input', url: 'https://s3.example/recipe-files/pose.png', sha256: 'b'.repeat(64), byteSize: 12345 }],
    models: [{ role: 'checkpoint', nodeClass: 'CheckpointLoaderSimple', folder: 'models/checkpoints', fileName: 'sd_xl_base_1.0.safetensors', sha256: null }],
    nodeClasses: ['CheckpointLoaderSimple'],
    linksValidUntil: '2026-11-20T10:30:00Z',
  },
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
    render(<CatalogPage />);
    await waitFor(() => expect(screen.getAllByTestId('catalog-card')).toHaveLength(2));
    expect(screen.getByTestId('catalog-count').textContent).toBe('3 published templates');
    const [first, second] = screen.getAllByTestId('catalog-card');
    expect(within(first!).getByRole('heading', { level: 2 }).textContent).toBe('Golden hour 1');
    expect(within(first!).getByTestId('catalog-card-version-id').textContent).toBe(VERSION_ID);
    expect(within(first!).getByTestId('catalog-version-status').textContent).toBe('v2 · Current');
    expect(first!.textContent).toContain('SDXL');
    await waitFor(() => expect(within(first!).getByTestId('catalog-card-category').textContent).toBe('Portrait'));
    expect(within(second!).queryByTestId('catalog-card-category')).toBeNull();
    expect(first!.textContent).toContain('Nov 20, 2026');
    expect(within(within(first!).getByRole('list')).getAllByRole('button').map((t) => t.textContent)).toEqual(['film', 'outdoor']);
    expect(within(first!).getByTestId('catalog-cover-placeholder').textContent).toBe('No cover yet');
    expect(within(second!).getByRole<HTMLImageElement>('img', { name: 'Golden hour 2' }).src).toBe('https://cdn.example/cover-2.png');
  });

  it('sends search, base model and tag as the catalog filter, and pages on with the cursor', async () => {
    const calls = stubCatalog();
    const user = userEvent.setup();
    render(<CatalogPage />);
    await waitFor(() => expect(screen.getAllByTestId('catalog-card')).toHaveLength(2));
    expect(catalogCalls(calls)[0]!.variables).toEqual({ first: 24, after: null });

    await user.click(screen.getByRole('button', { name: 'Load more' }));
    await waitFor(() => expect(screen.getAllByTestId('catalog-card')).toHaveLength(3));
    expect(catalogCalls(calls).at(-1)!.variables).toEqual({ first: 24, after: 'cursor-1' });
    expect(screen.queryByTestId('catalog-load-more')).toBeNull();

    // One input event, as a paste: typing key by key could outlast the 250 ms search pause on a busy machine.
    await user.click(screen.getByRole('searchbox', { name: 'Search the catalog' }));
    await user.paste('  golden ');
    await waitFor(() => expect(catalogCalls(calls).at(-1)!.variables).toEqual({ first: 24, after: null, filter: { search: 'golden' } }));

    await user.selectOptions(screen.getByRole('combobox', { name: 'Base model' }), 'SD15');
    await waitFor(() => expect(catalogCalls(calls).at(-1)!.variables).toEqual({ first: 24, after: null, filter: { search: 'golden', baseModel: 'SD15' } }));

    // A tag on a card filters by it; the tag picker offers every tag seen so far.
    await waitFor(() => expect(screen.getAllByTestId('catalog-card')).toHaveLength(2));
    await user.click(screen.getByRole('button', { name: 'outdoor' }));
    await waitFor(() => expect(catalogCalls(calls).at(-1)!.variables).toEqual({ first: 24, after: null, filter: { search: 'golden', baseModel: 'SD15', tags: ['outdoor'] } }));
    const tagPicker = screen.getByRole<HTMLSelectElement>('combobox', { name: 'Tag' });
    expect(within(tagPicker).getAllByRole<HTMLOptionElement>('option').map((o) => o.value)).toEqual(['', 'film', 'outdoor', 'studio']);
    expect(tagPicker.value).toBe('outdoor');

    // The admins' categories, by name in the reader's language; apps receive the key.
    await user.selectOptions(screen.getByRole('combobox', { name: 'Category' }), 'Wedding');
    await waitFor(() => expect(catalogCalls(calls).at(-1)!.variables).toEqual({ first: 24, after: null, filter: { search: 'golden', baseModel: 'SD15', tags: ['outdoor'], category: 'wedding' } }));
  });

  it('opens what an app receives for the pinned version: trigger words, previews, graph JSON and the query to send', async () => {
    const calls = stubCatalog();
    // Before the clipboard stub below: userEvent.setup() puts its own clipboard on the navigator it finds.
    const user = userEvent.setup();
    const writeText = jest.fn(async (_text: string) => undefined);
    stubGlobal('navigator', { ...navigator, clipboard: { writeText } });
    render(<CatalogPage />);
    await waitFor(() => expect(screen.getAllByTestId('catalog-card')).toHaveLength(2));
    await user.click(within(screen.getAllByTestId('catalog-card')[0]!).getByRole('button', { name: 'Details' }));

    const drawer = await screen.findByRole('dialog');
    await waitFor(() => expect(within(drawer).getByRole('heading', { level: 2 }).textContent).toBe('Golden hour 1'));
    expect(calls.find((c) => c.query.includes('query StudioCatalogVersion('))!.variables).toEqual({ id: VERSION_ID });
    expect(within(drawer).getByTestId('catalog-drawer-version-id').textContent).toBe(VERSION_ID);
    await waitFor(() => expect(within(drawer).getAllByTestId('catalog-trigger-word').map((w) => w.textContent)).toEqual(['film grain']));
    expect(within(drawer).getByTestId('catalog-prompt').textContent).toBe('portrait of {{subject}}, film grain');
    // The image itself is decorative (alt=""): its link carries the name a screen reader reads.
    const previewLink = within(drawer).getByRole('link', { name: 'Preview 1, 768 × 1,024: open in a new tab' });
    expect(previewLink.getAttribute('href')).toBe('https://cdn.example/p-1.png');
    expect(previewLink.querySelector('img')!.getAttribute('src')).toBe('https://cdn.example/p-1.png');
    expect(within(drawer).getByTestId<HTMLDetailsElement>('catalog-graph').open).toBe(false);
    expect(JSON.parse(within(drawer).getByTestId('catalog-graph-json').textContent!)).toEqual(VERSION.comfyGraph);
    expect(within(drawer).getByTestId('catalog-example-query').textContent).toContain('catalogVersion(id: $id)');
    expect(JSON.parse(within(drawer).getByTestId('catalog-example-variables').textContent!)).toEqual({ id: VERSION_ID });
    expect(JSON.parse(within(drawer).getByTestId('catalog-example-headers').textContent!)).toEqual({ 'x-api-key': '<your catalog:read API key>' });

    const curlButton = within(drawer).getByRole('button', { name: 'cURL' });
    await user.click(curlButton);
    expect(curlButton.getAttribute('aria-pressed')).toBe('true');
    expect(curlButton.textContent).toBe('cURL');
    // The cURL button and the cURL block share a test id: the block is the <pre>.
    const curl = within(drawer).getAllByTestId('catalog-example-curl').find((el) => el.tagName === 'PRE')!.textContent!;
    expect(curl).toContain(`-H 'x-api-key: <your catalog:read API key>'`);
    expect(curl).toContain(`"variables":{"id":"${VERSION_ID}"}`);

    const copyVersionId = within(drawer).getByRole('button', { name: 'Copy: Pinned version ID' });
    await user.click(copyVersionId);
    await waitFor(() => expect(copyVersionId.textContent).toBe('Copied'));
    expect(writeText).toHaveBeenCalledWith(VERSION_ID);

    await user.click(within(drawer).getByRole('button', { name: 'Close' }));
    expect(screen.queryByTestId('catalog-drawer')).toBeNull();
  });

  it('lists the render recipe an app can run on its own ComfyUI: what each placeholder takes, the files with links and hashes, the models, and the JSON, in Chinese too', async () => {
    stubCatalog();
    const user = userEvent.setup();
    const { unmount } = render(<CatalogPage />);
    await waitFor(() => expect(screen.getAllByTestId('catalog-card')).toHaveLength(2));
    await user.click(within(screen.getAllByTestId('catalog-card')[0]!).getByRole('button', { name: 'Details' }));
    const drawer = await screen.findByRole('dialog');
    const recipe = await within(drawer).findByTestId('catalog-recipe');
    expect(recipe.querySelector('summary')!.textContent).toBe('Render recipe (JSON)3 placeholders · 1 files · 1 models');
    expect([...within(recipe).getByTestId('catalog-recipe-placeholders').querySelectorAll('li')].map((li) => li.textContent)).toEqual([
      '{{identityLora}} the end user’s identity LoRA file (in models/loras)',
      '{{likeness}} likeness from 0.9 to 1.2; start at 0.9',
      '{{gender}} one of: woman, man, person',
    ]);
    const file = within(recipe).getByTestId('catalog-recipe-files').querySelector('li')!;
    expect(file.textContent).toBe('Pose map: input/atelier-pose-abc.png 12,345 bytes · SHA-256 bbbbbbbbbbbb… Download');
    expect(within(file).getByRole('link', { name: 'Download' }).getAttribute('href')).toBe('https://s3.example/recipe-files/pose.png');
    expect(within(recipe).getByTestId('catalog-recipe-models').textContent).toBe('Checkpoint: models/checkpoints/sd_xl_base_1.0.safetensors hash not configured');
    expect(JSON.parse(within(recipe).getByTestId('catalog-recipe-json').textContent!)).toEqual(VERSION.recipe);
    unmount();

    render(
      <I18nProvider initialLocale="zh-CN">
        <CatalogPage />
      </I18nProvider>,
    );
    await waitFor(() => expect(screen.getAllByTestId('catalog-card')).toHaveLength(2));
    await user.click(within(screen.getAllByTestId('catalog-card')[0]!).getByRole('button', { name: '详情' }));
    const zhRecipe = await within(await screen.findByRole('dialog')).findByTestId('catalog-recipe');
    expect(zhRecipe.querySelector('summary')!.textContent).toBe('渲染配方（JSON）占位符 3 个 · 文件 1 个 · 模型 1 个');
    expect(within(zhRecipe).getByTestId('catalog-recipe-files').textContent).toBe('姿势图：input/atelier-pose-abc.png 12,345 字节 · SHA-256 bbbbbbbbbbbb… 下载');
    expect(within(zhRecipe).getByTestId('catalog-recipe-models').textContent).toContain('未配置哈希');
  });

  it('shows no recipe section when the answer is not a recipe', async () => {
    stubCatalog({ StudioCatalogVersion: () => ({ body: { data: { catalogVersion: { ...VERSION, recipe: { something: 'else' } } } } }) });
    const user = userEvent.setup();
    render(<CatalogPage />);
    await waitFor(() => expect(screen.getAllByTestId('catalog-card')).toHaveLength(2));
    await user.click(within(screen.getAllByTestId('catalog-card')[0]!).getByRole('button', { name: 'Details' }));
    const drawer = await screen.findByRole('dialog');
    await within(drawer).findByTestId('catalog-graph');
    expect(within(drawer).queryByTestId('catalog-recipe')).toBeNull();
  });

  it('says when a version uses no trigger words and has no previews yet', async () => {
    stubCatalog({ StudioCatalogVersion: () => ({ body: { data: { catalogVersion: { ...VERSION, previews: [], spec: { styleLoras: [] }, triggerWords: [] } } } }) });
    const user = userEvent.setup();
    render(<CatalogPage />);
    await waitFor(() => expect(screen.getAllByTestId('catalog-card')).toHaveLength(2));
    await user.click(within(screen.getAllByTestId('catalog-card')[0]!).getByRole('button', { name: 'Details' }));
    const drawer = await screen.findByRole('dialog');
    await waitFor(() => expect(within(drawer).getByTestId('catalog-trigger-words-none').textContent).toContain('No trigger words'));
    expect(within(drawer).getByTestId('catalog-previews-none').textContent).toContain('No preview images yet');
  });

  it('shows the API’s refusal and retries', async () => {
    let fail = true;
    stubCatalog({ StudioCatalog: () => (fail ? graphQLError('FORBIDDEN', 'You cannot read the catalog.') : page([template(1)], 1, null)) });
    const user = userEvent.setup();
    render(<CatalogPage />);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('You cannot read the catalog.');
    fail = false;
    await user.click(within(alert).getByRole('button', { name: 'Try again' }));
    await waitFor(() => expect(screen.getAllByTestId('catalog-card')).toHaveLength(1));
  });

  it('speaks Chinese, with dates formatted for zh-CN', async () => {
    stubCatalog({ StudioCatalog: () => page([], 0, null) });
    render(
      <I18nProvider initialLocale="zh-CN">
        <CatalogPage />
      </I18nProvider>,
    );
    await waitFor(() => expect(screen.getByTestId('catalog-empty').textContent).toContain('还没有已发布的模板'));
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('模板目录');
    expect(screen.getByTestId('catalog-count').textContent).toBe('0 个已发布模板');
  });

  it('formats a card’s date for zh-CN', async () => {
    stubCatalog();
    render(
      <I18nProvider initialLocale="zh-CN">
        <CatalogPage />
      </I18nProvider>,
    );
    await waitFor(() => expect(screen.getAllByTestId('catalog-card')).toHaveLength(2));
    expect(screen.getAllByTestId('catalog-card')[0]!.textContent).toContain('2026年11月20日');
    expect(within(screen.getAllByTestId('catalog-card')[0]!).getByTestId('catalog-version-status').textContent).toBe('v2 · 当前版本');
  });
});
