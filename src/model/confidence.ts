/** How firmly a source supports a fact. Weakest last. */
export const CONFIDENCES = ['confirmed', 'likely', 'speculative'] as const;
export type Confidence = (typeof CONFIDENCES)[number];

/** Weakest first, so a figure built from several facts takes the weakest confidence among them. */
export function weakestConfidence(a: Confidence, b: Confidence): Confidence {
  return CONFIDENCES.indexOf(a) >= CONFIDENCES.indexOf(b) ? a : b;
}

/** Keys that describe a fact rather than the subject: never state fields. */
export const META_KEYS = ['note', 'assumption', 'confidence', 'known', 'source'] as const;
