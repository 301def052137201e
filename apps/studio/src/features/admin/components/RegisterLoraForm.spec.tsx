import { act } from 'react';
import { describe, expect, it, jest } from '@jest/globals';
import { stubGlobal } from '../../../test/stub-global';
import { I18nProvider } from '../../../i18n/I18nProvider';
import { allByTestId, byTestId, click, graphQLError, render, stubGraphQL, typeInto, waitFor, type GraphQLCall } from '../../../test/dom-test-utils';
import { LorasPage } from './LorasPage';

const LORA = { id: 'l-9', name: 'Golden Film', baseModel: 'SDXL', minWeight: 0.2, defaultWeight: 0.6, maxWeight: 1, triggerWords: ['goldfilm', 'warm'], status: 'READY', createdAt: '2026-11-25T04:00:00Z' };

// stubGraphQL answers /graphql; the presigned PUT goes to storage, which this wrapper answers with `putStatus`.
function stubStorage(putStatus: number) {
  const graphql = globalThis.fetch;
  const puts: Array<{ url: string; headers: unknown; body: unknown }> = [];
  stubGlobal('fetch', async (url: string, init?: RequestInit) => {
    if (String(url).startsWith('https://storage.test/')) {
      puts.push({ url: String(url), headers: init?.headers, body: init?.body });
      return new Response(null, { status: putStatus });
    }
    return graphql(url, init);
  });
  return puts;
}

function chooseFile(input: HTMLInputElement, file: File) {
  Object.defineProperty(input, 'files', { value: [file], configurable: true });
  act(() => {
    input.dispatchEvent(new Event('change', { bubbles: true }));
  });
}

function stubApi(loras: () => unknown[], overrides: Record<string, (call: GraphQLCall) => { status?: number; body: unknown }> = {}) {
  return stubGraphQL({
    AdminLoras: () => ({ body: { data: { loras: loras() } } }),
    RequestAssetUpload: () => ({ body: { data: { requestUpload: { uploadUrl: 'https://storage.test/bucket/a-1?sig=x', uploadHeaders: { 'content-type': 'application/octet-stream' }, expiresAt: '2026-11-25T05:00:00Z', asset: { id: 'a-1' } } } } }),
    CompleteAssetUpload: () => ({ body: { data: { completeUpload: { id: 'a-1', state: 'READY', rejectionReason: null } } } }),
    RegisterLora: () => ({ body: { data: { registerLora: LORA } } }),
    ...overrides,
  });
}

describe('RegisterLoraForm on the LoRAs page', () => {
  it('uploads an optional picture as an image and registers the LoRA with it; the list shows it', async () => {
    let registered = false;
    const withPicture = { ...LORA, thumbnailUrl: 'https://storage.test/bucket/thumb.png?sig=y' };
    let uploads = 0;
    const calls = stubApi(() => (registered ? [withPicture] : []), {
      RequestAssetUpload: () => {
        uploads += 1;
        return { body: { data: { requestUpload: { uploadUrl: `https://storage.test/bucket/a-${uploads}?sig=x`, uploadHeaders: {}, expiresAt: '2026-11-25T05:00:00Z', asset: { id: `a-${uploads}` } } } } };
      },
      CompleteAssetUpload: ({ variables }) => ({ body: { data: { completeUpload: { id: variables['assetId'], state: 'READY', rejectionReason: null } } } }),
      RegisterLora: () => {
        registered = true;
        return { body: { data: { registerLora: withPicture } } };
      },
    });
    stubStorage(200);
    const container = render(<LorasPage />);
    await waitFor(() => expect(container.textContent).toContain('No LoRAs registered yet.'));
    chooseFile(byTestId<HTMLInputElement>(container, 'lora-file'), new File([new Uint8Array([1, 2, 3])], 'golden.safetensors'));
    chooseFile(byTestId<HTMLInputElement>(container, 'lora-thumbnail-file'), new File([new Uint8Array([9, 9])], 'golden.png', { type: 'image/png' }));
    typeInto(byTestId(container, 'lora-name'), 'Golden Film');
    click(byTestId(container, 'register-lora-submit'));

    await waitFor(() => expect(calls.some((c) => c.query.includes('mutation RegisterLora'))).toBe(true));
    const kinds = calls.filter((c) => c.query.includes('RequestAssetUpload')).map((c) => (c.variables['input'] as { kind: string }).kind);
    expect(kinds).toEqual(['LORA', 'REFERENCE_IMAGE']);
    const register = calls.find((c) => c.query.includes('mutation RegisterLora'))!;
    expect(register.variables['input']).toMatchObject({ fileAssetId: 'a-1', thumbnailAssetId: 'a-2' });
    await waitFor(() => expect(container.querySelector<HTMLImageElement>('[data-testid="lora-row"] [data-testid="lora-thumbnail"]')?.src).toBe(withPicture.thumbnailUrl));
  });

  it('uploads the file to the presigned URL, completes the upload and registers the LoRA', async () => {
    let registered = false;
    const calls = stubApi(() => (registered ? [LORA] : []), {
      RegisterLora: () => {
        registered = true;
        return { body: { data: { registerLora: LORA } } };
      },
    });
    const puts = stubStorage(200);
    const container = render(<LorasPage />);
    await waitFor(() => expect(container.textContent).toContain('No LoRAs registered yet.'));

    click(byTestId(container, 'register-lora-submit'));
    expect([...container.querySelectorAll('.field-error')].map((e) => e.textContent)).toEqual(['Choose the .safetensors file to upload.', 'Enter a name for the LoRA.']);

    const file = new File([new Uint8Array([1, 2, 3, 4])], 'golden.safetensors');
    chooseFile(byTestId<HTMLInputElement>(container, 'lora-file'), file);
    typeInto(byTestId(container, 'lora-name'), 'Golden Film');
    typeInto(byTestId(container, 'lora-minWeight'), '0.2');
    typeInto(byTestId(container, 'lora-defaultWeight'), '0.6');
    typeInto(byTestId(container, 'lora-trigger-words'), 'goldfilm, warm,');
    click(byTestId(container, 'register-lora-submit'));

    await waitFor(() => expect(byTestId(container, 'lora-registered').textContent).toBe('Golden Film is registered and ready to use.'));
    expect(calls.find((c) => c.query.includes('mutation RequestAssetUpload'))!.variables).toEqual({ input: { kind: 'LORA', fileName: 'golden.safetensors', contentType: 'application/octet-stream', byteSize: 4 } });
    expect(puts).toHaveLength(1);
    expect(puts[0]!.headers).toEqual({ 'content-type': 'application/octet-stream' });
    expect(puts[0]!.body).toBe(file);
    expect(calls.find((c) => c.query.includes('mutation CompleteAssetUpload'))!.variables).toEqual({ assetId: 'a-1' });
    expect(calls.find((c) => c.query.includes('mutation RegisterLora'))!.variables).toEqual({
      input: { name: 'Golden Film', baseModel: 'SDXL', minWeight: 0.2, defaultWeight: 0.6, maxWeight: 1, triggerWords: ['goldfilm', 'warm'], fileAssetId: 'a-1' },
    });
    await waitFor(() => expect(allByTestId(container, 'lora-row')).toHaveLength(1));
  });

  it('says in Chinese why the file was refused, and puts registerLora issues next to their fields', async () => {
    let rejected = true;
    stubApi(() => [], {
      CompleteAssetUpload: () => ({ body: { data: { completeUpload: { id: 'a-1', state: rejected ? 'REJECTED' : 'READY', rejectionReason: rejected ? 'not a safetensors file' : null } } } }),
      RegisterLora: () => ({ status: 400, ...graphQLError('BAD_USER_INPUT', 'Invalid input', [{ path: ['input', 'name'], message: 'A LoRA with this name exists.' }]) }),
    });
    stubStorage(200);
    const container = render(
      <I18nProvider initialLocale="zh-CN">
        <LorasPage />
      </I18nProvider>,
    );
    await waitFor(() => byTestId(container, 'register-lora-form'));
    chooseFile(byTestId<HTMLInputElement>(container, 'lora-file'), new File(['x'], 'bad.safetensors'));
    typeInto(byTestId(container, 'lora-name'), 'Dup');
    click(byTestId(container, 'register-lora-submit'));
    await waitFor(() => expect(byTestId(container, 'lora-file').parentElement!.querySelector('.field-error')!.textContent).toBe('服务器拒绝了该文件：not a safetensors file'));

    rejected = false;
    click(byTestId(container, 'register-lora-submit'));
    await waitFor(() => expect(byTestId(container, 'lora-name').getAttribute('aria-invalid')).toBe('true'));
    expect(byTestId(container, 'lora-name').parentElement!.querySelector('.field-error')!.textContent).toBe('A LoRA with this name exists.');
  });

  it('reports an upload that never reached storage', async () => {
    stubApi(() => []);
    stubStorage(403);
    const container = render(<LorasPage />);
    await waitFor(() => byTestId(container, 'register-lora-form'));
    chooseFile(byTestId<HTMLInputElement>(container, 'lora-file'), new File(['x'], 'a.safetensors'));
    typeInto(byTestId(container, 'lora-name'), 'A');
    typeInto(byTestId(container, 'lora-maxWeight'), '0.1');
    click(byTestId(container, 'register-lora-submit'));
    expect(byTestId(container, 'lora-defaultWeight').parentElement!.querySelector('.field-error')!.textContent).toBe('Weights must be numbers with minimum ≤ default ≤ maximum.');
    typeInto(byTestId(container, 'lora-maxWeight'), '1');
    click(byTestId(container, 'register-lora-submit'));
    await waitFor(() => expect(byTestId(container, 'lora-file').parentElement!.querySelector('.field-error')!.textContent).toBe('The upload did not reach storage. Check your connection and try again.'));
  });
});
