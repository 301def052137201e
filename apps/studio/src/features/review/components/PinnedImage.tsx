import type { MouseEvent } from 'react';
import { normalisePin, type NumberedPin } from '../review-rules';
import '../review.css';

/**
 * A preview image with numbered pins drawn where comments point (normalised x/y on the image);
 * with `onPlacePin`, clicking the image drops a pin there.
 */
export function PinnedImage({ src, alt, pins, activePin = null, onPlacePin, testId = 'pinned-image' }: { src: string; alt: string; pins: readonly NumberedPin[]; activePin?: number | null; onPlacePin?: (point: { x: number; y: number }) => void; testId?: string }) {
  const onClick = (event: MouseEvent<HTMLImageElement>) => {
    if (!onPlacePin) return;
    const box = event.currentTarget.getBoundingClientRect();
    onPlacePin(normalisePin({ x: event.clientX - box.left, y: event.clientY - box.top }, box));
  };
  return (
    <span className={`pinned-image${onPlacePin ? ' pinned-image-pinnable' : ''}`}>
      <img src={src} alt={alt} onClick={onClick} data-testid={testId} draggable={false} />
      {pins.map((pin) => (
        <span
          key={pin.number}
          className={`comment-pin-marker${pin.number === activePin ? ' comment-pin-marker-active' : ''}`}
          style={{ left: `${pin.x * 100}%`, top: `${pin.y * 100}%` }}
          data-testid="image-pin"
          aria-hidden="true"
        >
          {pin.number}
        </span>
      ))}
    </span>
  );
}
