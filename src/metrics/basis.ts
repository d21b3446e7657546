import type { Cell } from '../ledger/subject-state.js';
import { weakestConfidence, type Confidence } from '../model/confidence.js';
import type { SourceKind } from '../model/source.js';

/** What a figure rests on, shown beside it: any assumption, the weakest confidence, the source kinds. */
export interface Basis {
  assumption: boolean;
  confidence: Confidence;
  sourceKinds: SourceKind[];
  sources: string[];
}

/** Evidence behind a figure: the records (by seq) and the subjects they are about. */
export interface Evidence {
  records: number[];
  subjects: string[];
  basis: Basis;
}

export type Evidenced = Pick<Cell, 'seq' | 'source' | 'assumption' | 'confidence'>;

/** Collects the cells a figure touches; `finish` turns them into its Evidence. */
export class EvidenceBuilder {
  readonly #records = new Set<number>();
  readonly #subjects = new Set<string>();
  readonly #sources = new Set<string>();
  #assumption = false;
  #confidence: Confidence = 'confirmed';

  add(subject: string, cells: readonly (Evidenced | undefined)[]): void {
    this.#subjects.add(subject);
    for (const cell of cells) {
      if (!cell) continue;
      this.#records.add(cell.seq);
      this.#sources.add(cell.source);
      this.#assumption ||= cell.assumption;
      this.#confidence = weakestConfidence(this.#confidence, cell.confidence);
    }
  }

  finish(sourceKindOf: (source: string) => SourceKind | undefined): Evidence {
    const sources = [...this.#sources].sort();
    const kinds = new Set<SourceKind>();
    for (const s of sources) {
      const kind = sourceKindOf(s);
      if (kind) kinds.add(kind);
    }
    return {
      records: [...this.#records].sort((a, b) => a - b),
      subjects: [...this.#subjects].sort(),
      basis: { assumption: this.#assumption, confidence: this.#confidence, sourceKinds: [...kinds].sort(), sources },
    };
  }
}
