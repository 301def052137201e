// Prompt slots are filled per user at render time; anything else in braces is a designer's typo.

import { apiMessage } from '@atelier/messages';

export const PROMPT_SLOTS = ['subject', 'gender', 'age'] as const;

export type PromptSlot = (typeof PROMPT_SLOTS)[number];

export interface PromptSlotOccurrence {
  /** The word between the braces, e.g. 'subject' for `{subject}`. */
  name: string;
  isKnownSlot: boolean;
  /** Index of `{` in the text. */
  start: number;
  /** Index just after `}`. */
  end: number;
}

// `{word}` only: `{a|b}` alternations and `{ }` are left to the prompt itself.
const SLOT_PATTERN = /\{(\w+)\}/g;

/** True when `name` is one of PROMPT_SLOTS. */
export function isPromptSlot(name: string): name is PromptSlot {
  return (PROMPT_SLOTS as readonly string[]).includes(name);
}

/** Every `{word}` in `text`, known or not, in order of appearance. */
export function findPromptSlots(text: string): PromptSlotOccurrence[] {
  return Array.from(text.matchAll(SLOT_PATTERN), (match) => {
    const name = match[1] ?? '';
    return { name, isKnownSlot: isPromptSlot(name), start: match.index, end: match.index + match[0].length };
  });
}

/** The parameters of reason spec.unknownPromptSlot for a `{word}` that is not a slot. */
export function unknownPromptSlotParams(name: string): { slot: string; allowed: string } {
  return { slot: `{${name}}`, allowed: PROMPT_SLOTS.map((slot) => `{${slot}}`).join(', ') };
}

/** Designer-facing message (English) for a `{word}` that is not a slot. */
export function describeUnknownPromptSlot(name: string): string {
  return apiMessage('spec.unknownPromptSlot', unknownPromptSlotParams(name));
}
