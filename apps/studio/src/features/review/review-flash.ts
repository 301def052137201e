import type { ReviewDecisionChoice } from './review-rules';

// What the review page tells the queue after a decision; survives the hash change, shown once.
export interface ReviewFlash {
  decision: ReviewDecisionChoice;
  title: string;
  number: number;
}

const KEY = 'atelier.reviewFlash';

export function putReviewFlash(flash: ReviewFlash): void {
  try {
    sessionStorage.setItem(KEY, JSON.stringify(flash));
  } catch {
    // Storage can be unavailable (private mode); the banner is a nicety.
  }
}

export function takeReviewFlash(): ReviewFlash | null {
  try {
    const text = sessionStorage.getItem(KEY);
    sessionStorage.removeItem(KEY);
    return text ? (JSON.parse(text) as ReviewFlash) : null;
  } catch {
    return null;
  }
}
