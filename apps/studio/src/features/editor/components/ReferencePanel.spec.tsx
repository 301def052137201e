import { applyCommand, beginGesture, createEditorState, endGesture, getUndoLabel, type EditorState } from '@atelier/editor-core';
import { makeDefaultTemplateSpec } from '@atelier/template-spec';
import { act, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { afterEach, describe, expect, it } from '@jest/globals';
import { stubGlobal } from '../../../test/stub-global';
import { I18nProvider } from '../../../i18n/I18nProvider';
import { stubGraphQL } from '../../../test/stub-graphql';
import { ReferencePanel } from './ReferencePanel';

const ASSET_ID = '9b2f6c1e-3d4a-4b5c-8d6e-7f8091a2b3c4';

// The upload form POST to storage, driven by hand: progress events, then the answer.
class FakeUpload {
  static last: FakeUpload | null = null;
  readonly upload: { onprogress: ((event: { lengthComputable: boolean; loaded: number; total: number }) => void) | null } = { onprogress: null };
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  onabort: (() => void) | null = null;
  status = 0;
  method = '';
  url = '';
  headers: Record<string, string> = {};
  body: unknown = null;
  constructor() {
    FakeUpload.last = this;
  }
  open(method: string, url: string) {
    this.method = method;
    this.url = url;
  }
  setRequestHeader(name: string, value: string) {
    this.headers[name] = value;
  }
  send(body: unknown) {
    this.body = body;
  }
  abort() {
    this.onabort?.();
  }
  progress(loaded: number, total: number) {
    act(() => this.upload.onprogress?.({ lengthComputable: true, loaded, total }));
  }
  finish(status: number) {
    this.status = status;
    act(() => this.onload?.());
  }
}

function renderPanel(locale: 'en' | 'zh-CN' = 'en', initial: EditorState = createEditorState(makeDefaultTemplateSpec('sdxl'))) {
  const current = { state: initial };
  function Harness() {
    const [state, setState] = useState(current.state);
    const update = (change: (s: EditorState) => EditorState) => {
      current.state = change(current.state);
      setState(current.state);
    };
    return (
      <I18nProvider initialLocale={locale}>
        <ReferencePanel
          state={state}
          imageLoad={{ status: 'none' }}
          onCommand={(command) => update((s) => applyCommand(s, command))}
          onGestureStart={(label) => update((s) => (s.history.gesture ? s : beginGesture(s, label)))}
          onGestureEnd={() => update((s) => (s.history.gesture ? endGesture(s) : s))}
        />
      </I18nProvider>
    );
  }
  const { container } = render(<Harness />);
  return { container, current };
}

// The file picker's hidden input (the "Upload reference image…" button opens it): no role to find it by.
const fileInput = () => screen.getByTestId<HTMLInputElement>('reference-file');

// The signed fields storage wants before the file (what the API's POST policy hands out).
const UPLOAD_FORM = { bucket: 'b', key: `incoming/${ASSET_ID}/window-light.png`, 'Content-Type': 'image/png', policy: 'eyJjb25kaXRpb25zIjpbXX0=', 'x-amz-signature': 'f00d' };

function stubUploadApi(state: 'READY' | 'REJECTED' = 'READY') {
  return stubGraphQL({
    RequestAssetUpload: () => ({ body: { data: { requestUpload: { uploadUrl: 'https://storage.test/b', uploadForm: UPLOAD_FORM, expiresAt: '2026-11-25T05:00:00Z', asset: { id: ASSET_ID } } } } }),
    CompleteAssetUpload: () => ({
      body: { data: { completeUpload: { id: ASSET_ID, state, rejectionReason: state === 'READY' ? null : 'not a PNG, JPEG or WebP image', width: 64, height: 48 } } },
    }),
  });
}

describe('ReferencePanel', () => {
  afterEach(() => {
    FakeUpload.last = null;
  });

  it('uploads with a progress bar, then places the reference as one undo step', async () => {
    const user = userEvent.setup();
    stubGlobal('XMLHttpRequest', FakeUpload);
    const calls = stubUploadApi();
    const { current } = renderPanel();
    const file = new File([new Uint8Array(400)], 'window-light.png', { type: 'image/png' });
    await user.upload(fileInput(), file);

    await waitFor(() => expect(FakeUpload.last?.url).toBe('https://storage.test/b'));
    const post = FakeUpload.last!;
    // A multipart form: the signed fields in order, the file last; the browser sets the Content-Type.
    expect([post.method, post.headers]).toEqual(['POST', {}]);
    const sent = [...(post.body as FormData).entries()];
    expect(sent.slice(0, -1)).toEqual(Object.entries(UPLOAD_FORM));
    expect(sent.at(-1)![0]).toBe('file');
    expect(sent.at(-1)![1]).toBe(file);
    expect(calls[0]!.variables).toEqual({ input: { kind: 'REFERENCE_IMAGE', fileName: 'window-light.png', contentType: 'image/png', byteSize: 400 } });
    post.progress(200, 400);
    expect(screen.getByTestId('reference-progress-percent').textContent).toBe('50%');
    expect(screen.getByRole<HTMLProgressElement>('progressbar', { name: 'Uploading…' }).value).toBe(50);
    post.finish(200);

    await waitFor(() => expect(current.state.document.spec.reference).toEqual({ assetId: ASSET_ID, x: 0.5, y: 0.5, scale: 1, opacity: 0.5 }));
    expect(getUndoLabel(current.state)).toBe('Place reference image');
    expect(screen.queryByTestId('reference-upload')).toBeNull();

    const opacity = screen.getByRole('spinbutton', { name: 'Opacity' });
    await user.tripleClick(opacity);
    await user.paste('0.8');
    expect(current.state.document.spec.reference?.opacity).toBe(0.8);
    await user.click(screen.getByRole('button', { name: 'Remove' }));
    expect(current.state.document.spec.reference).toBeNull();
  });

  it('says in Chinese why the server refused the image, and leaves the template alone', async () => {
    const user = userEvent.setup();
    stubGlobal('XMLHttpRequest', FakeUpload);
    stubUploadApi('REJECTED');
    const { current } = renderPanel('zh-CN');
    await user.upload(fileInput(), new File(['not an image'], 'notes.png', { type: 'image/png' }));
    await waitFor(() => expect(FakeUpload.last).not.toBeNull());
    FakeUpload.last!.finish(200);
    await waitFor(() => expect(screen.getByRole('alert').textContent).toBe('服务器拒绝了该图片：not a PNG, JPEG or WebP image'));
    expect(current.state.document.spec.reference).toBeNull();
  });

  it('reports an upload that storage refused (a file of another size or type than the signed form allows)', async () => {
    const user = userEvent.setup();
    stubGlobal('XMLHttpRequest', FakeUpload);
    stubUploadApi();
    renderPanel();
    await user.upload(fileInput(), new File(['x'], 'a.png', { type: 'image/png' }));
    await waitFor(() => expect(FakeUpload.last).not.toBeNull());
    FakeUpload.last!.finish(403);
    await waitFor(() => expect(screen.getByRole('alert').textContent).toBe('The upload did not reach storage. Check your connection and try again.'));
  });

  it('disables the settings while the reference layer is locked', () => {
    let state = createEditorState({ ...makeDefaultTemplateSpec('sdxl'), reference: { assetId: ASSET_ID, x: 0.5, y: 0.5, scale: 1, opacity: 0.5 } });
    state = applyCommand(state, { type: 'setLayerLock', layer: 'reference', isLocked: true });
    const { container } = renderPanel('en', state);
    expect(screen.getByTestId<HTMLFieldSetElement>('reference-settings').disabled).toBe(true);
    expect(container.textContent).toContain('The reference layer is locked.');
  });
});
