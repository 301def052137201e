import { makeDefaultTemplateSpec } from '@atelier/template-spec';
import type { ReviewPreview, ReviewRecord, ReviewVersionDetail } from '../graphql/review.graphql';

export const MEI = { id: 'subject-mei', name: 'Mei' };
export const JUN = { id: 'subject-jun', name: 'Jun' };

export function makeReviewPreview(id: string, subject: { id: string; name: string }, seed: number, overrides: Partial<ReviewPreview> = {}): ReviewPreview {
  return { id, state: 'SUCCEEDED', seed, likeness: 0.9, likenessEnd: 'DEFAULT', cached: false, removed: false, imageUrl: `https://s3.test/${id}.png`, thumbnailUrl: `https://s3.test/${id}-thumb.webp`, subject, ...overrides };
}

/** A render of the face at the likeness max (1.2, the default spec's), as `previews(likenessEnd: MAX)` lists it. */
export function makeMaxReviewPreview(id: string, subject: { id: string; name: string }, seed: number, overrides: Partial<ReviewPreview> = {}): ReviewPreview {
  return makeReviewPreview(id, subject, seed, { likeness: 1.2, likenessEnd: 'MAX', ...overrides });
}

export function makeReviewVersion(overrides: Partial<ReviewVersionDetail> = {}): ReviewVersionDetail {
  return {
    id: 'version-1',
    number: 3,
    state: 'SUBMITTED',
    templateId: 'template-1',
    template: { id: 'template-1', title: 'Golden Hour' },
    metadata: { title: 'Golden Hour', description: 'Warm backlight on 35mm film.', category: 'portrait', tags: ['film', 'outdoor'], frozen: true },
    previousVersion: { id: 'version-0', number: 2, metadata: { title: 'Golden Hour', description: 'Warm backlight.', category: 'portrait', tags: ['film'], frozen: true } },
    spec: makeDefaultTemplateSpec(),
    submittedAt: '2026-11-25T08:00:00.000Z',
    decidedAt: null,
    author: { id: 'designer-1', displayName: 'Dana Designer' },
    previews: [makeReviewPreview('job-jun-1', JUN, 11), makeReviewPreview('job-jun-2', JUN, 12), makeReviewPreview('job-mei-1', MEI, 11), makeReviewPreview('job-mei-2', MEI, 12)],
    maxPreviews: [],
    reviews: [],
    ...overrides,
  };
}

export function makeReview(overrides: Partial<ReviewRecord> = {}): ReviewRecord {
  return {
    id: 'review-1',
    decision: 'REQUEST_CHANGES',
    reviewerId: 'reviewer-1',
    reviewer: { id: 'reviewer-1', displayName: 'Rita Reviewer' },
    createdAt: '2026-11-25T09:00:00.000Z',
    scores: [
      { subjectId: MEI.id, real: 84, like: 91, beautiful: 88 },
      { subjectId: JUN.id, real: 93, like: 79, beautiful: 90 },
    ],
    comments: [
      { body: 'The skin looks waxy here', previewJobId: 'job-mei-1', x: 0.3, y: 0.4 },
      { body: 'Softer fill overall', previewJobId: null, x: null, y: null },
      { body: 'Move the key light left', previewJobId: null, x: 0.1, y: 0.2 },
    ],
    ...overrides,
  };
}

/** EditorCanvas stand-in (Konva does not draw in happy-dom): a button that "clicks the artboard" at a canvas point. */
export function FakeEditorCanvas({ state, onArtboardClick, overlay }: { state: { document: { spec: { canvas: { width: number; height: number } } } }; onArtboardClick?: (point: { x: number; y: number }) => void; overlay?: unknown }) {
  const { width, height } = state.document.spec.canvas;
  return (
    <div data-testid="editor-canvas" data-has-overlay={overlay ? 'true' : 'false'}>
      {onArtboardClick && (
        <button type="button" data-testid="fake-artboard-click" onClick={() => onArtboardClick({ x: width * 0.25, y: height * 0.5 })}>
          artboard
        </button>
      )}
    </div>
  );
}
