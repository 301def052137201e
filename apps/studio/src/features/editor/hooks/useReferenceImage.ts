import { useEffect, useState } from 'react';
import { ReferenceAssetDocument } from '../../../gql/graphql';
import { gqlRequest } from '../../../lib/graphql-client';

export type ReferenceImageLoad =
  | { status: 'none' }
  | { status: 'loading'; assetId: string }
  | { status: 'ready'; assetId: string; image: HTMLImageElement }
  | { status: 'failed'; assetId: string; error: unknown };

// Decoded images by asset id: the download link expires, the pixels do not. Undo/redo of a
// replaced reference and reopening the editor draw at once instead of fetching again.
const decodedImages = new Map<string, Promise<HTMLImageElement>>();

/** The reference asset id -> its image, fetched through asset(id){url} and decoded once per asset. */
export function useReferenceImage(assetId: string | null): ReferenceImageLoad {
  const [load, setLoad] = useState<ReferenceImageLoad>({ status: 'none' });

  useEffect(() => {
    if (assetId === null) {
      setLoad({ status: 'none' });
      return;
    }
    let isCurrent = true;
    setLoad((previous) => (previous.status === 'ready' && previous.assetId === assetId ? previous : { status: 'loading', assetId }));
    loadReferenceImage(assetId).then(
      (image) => isCurrent && setLoad({ status: 'ready', assetId, image }),
      (error: unknown) => isCurrent && setLoad({ status: 'failed', assetId, error }),
    );
    return () => {
      isCurrent = false;
    };
  }, [assetId]);

  return load;
}

function loadReferenceImage(assetId: string): Promise<HTMLImageElement> {
  let pending = decodedImages.get(assetId);
  if (!pending) {
    pending = fetchAndDecode(assetId);
    decodedImages.set(assetId, pending);
    // A failure is not remembered: the next attempt asks for a fresh link.
    pending.catch(() => decodedImages.delete(assetId));
  }
  return pending;
}

async function fetchAndDecode(assetId: string): Promise<HTMLImageElement> {
  const { asset } = await gqlRequest(ReferenceAssetDocument, { id: assetId });
  if (!asset.url) throw new Error(`Reference image ${assetId} is ${asset.state.toLowerCase()}`);
  const image = new Image();
  image.decoding = 'async';
  image.src = asset.url;
  // decode() finishes the work before the first draw, so dragging never waits for it.
  await image.decode();
  return image;
}
