import { renderHook, waitFor } from '@testing-library/react';
import { beforeEach, describe, expect, it } from '@jest/globals';
import { stubGlobal } from '../../../test/stub-global';
import { stubGraphQL } from '../../../test/stub-graphql';
import { useReferenceImage, type ReferenceImageLoad } from './useReferenceImage';

// An <img> whose decode() the test settles: resolves unless the URL says "broken".
class FakeImage {
  static created: FakeImage[] = [];
  decoding = '';
  src = '';
  constructor() {
    FakeImage.created.push(this);
  }
  decode() {
    return this.src.includes('broken') ? Promise.reject(new Error('EncodingError')) : Promise.resolve();
  }
}

// The hook's latest answer, and a way to switch the asset (as undo/redo or another template would).
function mount(initialAssetId: string | null) {
  const { result, rerender } = renderHook(({ assetId }: { assetId: string | null }) => useReferenceImage(assetId), {
    initialProps: { assetId: initialAssetId },
  });
  return {
    get load(): ReferenceImageLoad | null {
      return result.current;
    },
    setAssetId: (assetId: string | null) => rerender({ assetId }),
  };
}

describe('useReferenceImage', () => {
  beforeEach(() => {
    FakeImage.created = [];
    stubGlobal('Image', FakeImage);
  });

  it('fetches a short-lived URL once per asset and keeps the decoded image across switches (undo/redo)', async () => {
    const calls = stubGraphQL({
      ReferenceAsset: (call) => ({ body: { data: { asset: { id: call.variables!['id'], state: 'READY', url: `https://storage.test/${String(call.variables!['id'])}.png?sig=1`, width: 2048, height: 2048 } } } }),
    });
    const probe = mount('asset-a');
    await waitFor(() => expect(probe.load?.status).toBe('ready'));
    const first = probe.load!.status === 'ready' ? probe.load!.image : null;
    expect((first as unknown as FakeImage).src).toBe('https://storage.test/asset-a.png?sig=1');

    probe.setAssetId('asset-b');
    await waitFor(() => expect(probe.load).toMatchObject({ status: 'ready', assetId: 'asset-b' }));
    probe.setAssetId('asset-a');
    await waitFor(() => expect(probe.load).toMatchObject({ status: 'ready', assetId: 'asset-a' }));
    expect(probe.load!.status === 'ready' && probe.load!.image).toBe(first);
    expect(calls.map((call) => call.variables)).toEqual([{ id: 'asset-a' }, { id: 'asset-b' }]);

    probe.setAssetId(null);
    await waitFor(() => expect(probe.load).toEqual({ status: 'none' }));
  });

  it('reports an image that will not load, and asks for a fresh link next time', async () => {
    const calls = stubGraphQL({
      ReferenceAsset: () => ({ body: { data: { asset: { id: 'asset-x', state: 'READY', url: 'https://storage.test/broken.png', width: 10, height: 10 } } } }),
    });
    const probe = mount('asset-x');
    await waitFor(() => expect(probe.load?.status).toBe('failed'));
    probe.setAssetId(null);
    probe.setAssetId('asset-x');
    await waitFor(() => expect(calls).toHaveLength(2));
  });

  it('fails without fetching pixels when the asset has no download link (deleted)', async () => {
    stubGraphQL({ ReferenceAsset: () => ({ body: { data: { asset: { id: 'asset-gone', state: 'DELETED', url: null, width: null, height: null } } } }) });
    const probe = mount('asset-gone');
    await waitFor(() => expect(probe.load?.status).toBe('failed'));
    expect(FakeImage.created).toHaveLength(0);
  });
});
