import { describe, expect, it } from '@jest/globals';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent, { type UserEvent } from '@testing-library/user-event';
import { I18nProvider } from '../../../i18n/I18nProvider';
import { graphQLError, stubGraphQL, type GraphQLCall } from '../../../test/stub-graphql';
import { STORAGE_URL, stubStorage, uploadForm, uploadTicket } from '../../../test/stub-storage';
import { LorasPage } from './LorasPage';

const LORA = { id: 'l-9', name: 'Golden Film', baseModel: 'SDXL', minWeight: 0.2, defaultWeight: 0.6, maxWeight: 1, triggerWords: ['goldfilm', 'warm'], status: 'READY', createdAt: '2026-11-25T04:00:00Z' };

// The form's fields, by their labels (file inputs have no ARIA role; the optional ones' labels end in "· Optional").
const loraFile = () => screen.getByLabelText('LoRA file');
const thumbnailFile = () => screen.getByLabelText(/^Thumbnail image/);
const nameField = () => screen.getByRole('textbox', { name: 'Name' });
const weightField = (label: 'Minimum weight' | 'Default weight' | 'Maximum weight') => screen.getByRole('spinbutton', { name: label });
const submitButton = () => screen.getByRole('button', { name: 'Upload and register' });

/** Replaces the field's value, as the old helper did (user.type alone appends to what is there). */
async function retype(user: UserEvent, field: HTMLElement, value: string) {
  await user.clear(field);
  await user.type(field, value);
}

function stubApi(loras: () => unknown[], overrides: Record<string, (call: GraphQLCall) => { status?: number; body: unknown }> = {}) {
  return stubGraphQL({
    AdminLoras: () => ({ body: { data: { loras: loras() } } }),
    RequestAssetUpload: () => ({ body: { data: { requestUpload: uploadTicket('a-1', 'incoming/a-1/golden.safetensors') } } }),
    CompleteAssetUpload: () => ({ body: { data: { completeUpload: { id: 'a-1', state: 'READY', rejectionReason: null } } } }),
    RegisterLora: () => ({ body: { data: { registerLora: LORA } } }),
    ...overrides,
  });
}

describe('RegisterLoraForm on the LoRAs page', () => {
  it('uploads an optional picture as an image and registers the LoRA with it; the list shows it', async () => {
    const user = userEvent.setup();
    let registered = false;
    const withPicture = { ...LORA, thumbnailUrl: 'https://storage.test/bucket/thumb.png?sig=y' };
    let uploads = 0;
    const calls = stubApi(() => (registered ? [withPicture] : []), {
      RequestAssetUpload: () => {
        uploads += 1;
        return { body: { data: { requestUpload: uploadTicket(`a-${uploads}`) } } };
      },
      CompleteAssetUpload: ({ variables }) => ({ body: { data: { completeUpload: { id: variables['assetId'], state: 'READY', rejectionReason: null } } } }),
      RegisterLora: () => {
        registered = true;
        return { body: { data: { registerLora: withPicture } } };
      },
    });
    stubStorage(200);
    render(<LorasPage />);
    await screen.findByText('No LoRAs registered yet.');
    await user.upload(loraFile(), new File([new Uint8Array([1, 2, 3])], 'golden.safetensors'));
    await user.upload(thumbnailFile(), new File([new Uint8Array([9, 9])], 'golden.png', { type: 'image/png' }));
    await user.type(nameField(), 'Golden Film');
    await user.click(submitButton());

    await waitFor(() => expect(calls.some((c) => c.query.includes('mutation RegisterLora'))).toBe(true));
    const kinds = calls.filter((c) => c.query.includes('RequestAssetUpload')).map((c) => (c.variables['input'] as { kind: string }).kind);
    expect(kinds).toEqual(['LORA', 'REFERENCE_IMAGE']);
    const register = calls.find((c) => c.query.includes('mutation RegisterLora'))!;
    expect(register.variables['input']).toMatchObject({ fileAssetId: 'a-1', thumbnailAssetId: 'a-2' });
    await waitFor(() => expect(within(screen.getByTestId('lora-row')).getByTestId<HTMLImageElement>('lora-thumbnail').src).toBe(withPicture.thumbnailUrl));
  });

  it('uploads the file to the presigned URL, completes the upload and registers the LoRA', async () => {
    const user = userEvent.setup();
    let registered = false;
    const calls = stubApi(() => (registered ? [LORA] : []), {
      RegisterLora: () => {
        registered = true;
        return { body: { data: { registerLora: LORA } } };
      },
    });
    const posts = stubStorage(200);
    const { container } = render(<LorasPage />);
    await screen.findByText('No LoRAs registered yet.');

    await user.click(submitButton());
    expect([...container.querySelectorAll('.field-error')].map((e) => e.textContent)).toEqual(['Choose the .safetensors file to upload.', 'Enter a name for the LoRA.']);

    const file = new File([new Uint8Array([1, 2, 3, 4])], 'golden.safetensors');
    await user.upload(loraFile(), file);
    await user.type(nameField(), 'Golden Film');
    await retype(user, weightField('Minimum weight'), '0.2');
    await retype(user, weightField('Default weight'), '0.6');
    await user.type(screen.getByRole('textbox', { name: /^Trigger words/ }), 'goldfilm, warm,');
    await user.click(submitButton());

    await waitFor(() => expect(screen.getByTestId('lora-registered').textContent).toBe('Golden Film is registered and ready to use.'));
    expect(calls.find((c) => c.query.includes('mutation RequestAssetUpload'))!.variables).toEqual({ input: { kind: 'LORA', fileName: 'golden.safetensors', contentType: 'application/octet-stream', byteSize: 4 } });
    expect(posts).toHaveLength(1);
    // A multipart form: the signed fields in order, the file last; the browser sets the Content-Type.
    expect(posts[0]).toMatchObject({ url: STORAGE_URL, method: 'POST', headers: undefined });
    expect(posts[0]!.form.slice(0, -1)).toEqual(Object.entries(uploadForm('incoming/a-1/golden.safetensors')));
    expect(posts[0]!.form.at(-1)![0]).toBe('file');
    expect(posts[0]!.form.at(-1)![1]).toBe(file);
    expect(calls.find((c) => c.query.includes('mutation CompleteAssetUpload'))!.variables).toEqual({ assetId: 'a-1' });
    expect(calls.find((c) => c.query.includes('mutation RegisterLora'))!.variables).toEqual({
      input: { name: 'Golden Film', baseModel: 'SDXL', minWeight: 0.2, defaultWeight: 0.6, maxWeight: 1, triggerWords: ['goldfilm', 'warm'], fileAssetId: 'a-1' },
    });
    await waitFor(() => expect(screen.getAllByTestId('lora-row')).toHaveLength(1));
  });

  it('says in Chinese why the file was refused, and puts registerLora issues next to their fields', async () => {
    const user = userEvent.setup();
    let rejected = true;
    stubApi(() => [], {
      CompleteAssetUpload: () => ({ body: { data: { completeUpload: { id: 'a-1', state: rejected ? 'REJECTED' : 'READY', rejectionReason: rejected ? 'not a safetensors file' : null } } } }),
      RegisterLora: () => ({ status: 400, ...graphQLError('BAD_USER_INPUT', 'Invalid input', [{ path: ['input', 'name'], message: 'A LoRA with this name exists.' }]) }),
    });
    stubStorage(200);
    render(
      <I18nProvider initialLocale="zh-CN">
        <LorasPage />
      </I18nProvider>,
    );
    await screen.findByTestId('register-lora-form');
    const file = screen.getByLabelText('LoRA 文件');
    const name = screen.getByRole('textbox', { name: '名称' });
    await user.upload(file, new File(['x'], 'bad.safetensors'));
    await user.type(name, 'Dup');
    await user.click(screen.getByRole('button', { name: '上传并注册' }));
    await waitFor(() => expect(file.parentElement!.querySelector('.field-error')!.textContent).toBe('服务器拒绝了该文件：not a safetensors file'));

    rejected = false;
    await user.click(screen.getByRole('button', { name: '上传并注册' }));
    await waitFor(() => expect(name.getAttribute('aria-invalid')).toBe('true'));
    expect(name.parentElement!.querySelector('.field-error')!.textContent).toBe('A LoRA with this name exists.');
  });

  it('reports an upload that never reached storage', async () => {
    const user = userEvent.setup();
    stubApi(() => []);
    stubStorage(403);
    render(<LorasPage />);
    await screen.findByTestId('register-lora-form');
    await user.upload(loraFile(), new File(['x'], 'a.safetensors'));
    await user.type(nameField(), 'A');
    await retype(user, weightField('Maximum weight'), '0.1');
    await user.click(submitButton());
    expect(weightField('Default weight').parentElement!.querySelector('.field-error')!.textContent).toBe('Weights must be numbers with minimum ≤ default ≤ maximum.');
    await retype(user, weightField('Maximum weight'), '1');
    await user.click(submitButton());
    await waitFor(() => expect(loraFile().parentElement!.querySelector('.field-error')!.textContent).toBe('The upload did not reach storage. Check your connection and try again.'));
  });
});
