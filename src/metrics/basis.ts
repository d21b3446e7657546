import type { Cell } from '../ledger/subject-state.js';
import type { Confidence } from '../model/confidence.js';
import type { SourceKind } from '../model/source.js';

/** What a figure rests on, shown beside it: any assumption, the weakest confidence, the source kinds. */
export interface Basis {
  assumption: boolean;
  confidence: Confidence;
  sourceKinds: SourceKind[];
  sources: string[];
}

/**
 * Evidence behind a figure: its basis always; the records (by seq) and the subjects they are about
 * when asked for — at a million records a funnel stage rests on tens of thousands of them.
 */
export interface Evidence {
  records?: number[];
  subjects?: string[];
  basis: Basis;
}

export type Evidenced = Pick<Cell, 'seq' | 'source' | 'assumption' | 'confidence'>;

const RANK: Record<Confidence, number> = { confirmed: 0, likely: 1, speculative: 2 };
const BY_RANK: readonly Confidence[] = ['confirmed', 'likely', 'speculative'];

/** Sorted, without repeats. */
function uniqueSorted(values: number[]): number[] {
  const sorted = Float64Array.from(values).sort();
  const out: number[] = [];
  for (let i = 0; i < sorted.length; i += 1)
    if (i === 0 || sorted[i] !== sorted[i - 1]) out.push(sorted[i] as number);
  return out;
}

/**
 * Collects the cells a figure touches; `finish` turns them into its Evidence. Runs once per counted
 * item per stage, so it only appends here and sorts once in `finish`.
 */
export class EvidenceBuilder {
  readonly #list: boolean;
  readonly #records: number[] = [];
  readonly #subjects: string[] = [];
  readonly #sources = new Set<string>();
  #assumption = false;
  #rank = 0;

  /** `list`: also collect the records and subjects, not only the basis. */
  constructor(list = true) {
    this.#list = list;
  }

  add(subject: string, cells: readonly (Evidenced | undefined)[]): void {
    if (this.#list) this.#subjects.push(subject);
    for (const cell of cells) {
      if (!cell) continue;
      if (this.#list) this.#records.push(cell.seq);
      this.#sources.add(cell.source);
      if (cell.assumption) this.#assumption = true;
      const rank = RANK[cell.confidence];
      if (rank > this.#rank) this.#rank = rank;
    }
  }

  finish(sourceKindOf: (source: string) => SourceKind | undefined): Evidence {
    const sources = [...this.#sources].sort();
    const kinds = new Set<SourceKind>();
    for (const s of sources) {
      const kind = sourceKindOf(s);
      if (kind) kinds.add(kind);
    }
    const basis: Basis = {
      assumption: this.#assumption,
      confidence: BY_RANK[this.#rank] ?? 'speculative',
      sourceKinds: [...kinds].sort(),
      sources,
    };
    if (!this.#list) return { basis };
    return {
      records: uniqueSorted(this.#records),
      subjects: [...new Set(this.#subjects)].sort(),
      basis,
    };
  }
}
