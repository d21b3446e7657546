/** How firmly a source supports a fact. Weakest last. */
export const CONFIDENCES = ['confirmed', 'likely', 'speculative'] as const;
export type Confidence = (typeof CONFIDENCES)[number];

/** Keys that describe a fact rather than the subject: never state fields. */
export const META_KEYS = ['note', 'assumption', 'confidence', 'known', 'source'] as const;
