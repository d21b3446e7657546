/**
 * A mixed-integer linear program as typed arrays, in the shape HiGHS takes through `createModel`
 * (rows in compressed sparse row form): minimise colCost·x + offset subject to
 * rowLower ≤ A·x ≤ rowUpper and colLower ≤ x ≤ colUpper, x integer where integrality is 1.
 * Handing arrays over is about ten times faster than writing and parsing LP text (issue 4).
 */
export interface MilpModel {
  numCols: number;
  numRows: number;
  offset: number;
  colCost: Float64Array;
  colLower: Float64Array;
  colUpper: Float64Array;
  /** 0 continuous, 1 integer. */
  integrality: Int32Array;
  rowLower: Float64Array;
  rowUpper: Float64Array;
  /** CSR: row i's entries are indices/values[starts[i] .. starts[i+1]). */
  starts: Int32Array;
  indices: Int32Array;
  values: Float64Array;
}

/** What a builder can be told to expect, so that it allocates once (it grows past it if wrong). */
export interface MilpModelSizeHint {
  columns: number;
  rows: number;
  entries: number;
}

/**
 * Writes a model straight into typed arrays, one entry at a time: a row is opened implicitly,
 * filled with `addEntry` and closed with `endRow`, so that no per-row or per-entry object is made.
 * The arrays start at the hinted sizes and double when a hint falls short.
 */
export class MilpModelBuilder {
  private numCols = 0;
  private numRows = 0;
  private numEntries = 0;
  private cost: Float64Array;
  private lower: Float64Array;
  private upper: Float64Array;
  private integer: Int32Array;
  private rowLo: Float64Array;
  private rowUp: Float64Array;
  private starts: Int32Array;
  private indices: Int32Array;
  private values: Float64Array;

  constructor(hint: MilpModelSizeHint = { columns: 64, rows: 64, entries: 256 }) {
    const columns = Math.max(1, hint.columns);
    const rows = Math.max(1, hint.rows);
    const entries = Math.max(1, hint.entries);
    this.cost = new Float64Array(columns);
    this.lower = new Float64Array(columns);
    this.upper = new Float64Array(columns);
    this.integer = new Int32Array(columns);
    this.rowLo = new Float64Array(rows);
    this.rowUp = new Float64Array(rows);
    this.starts = new Int32Array(rows + 1);
    this.indices = new Int32Array(entries);
    this.values = new Float64Array(entries);
  }

  get columns(): number {
    return this.numCols;
  }
  get rows(): number {
    return this.numRows;
  }
  /** Entries written so far, the open row's included. */
  get entries(): number {
    return this.numEntries;
  }

  /** Add a column (continuous unless `integer`); returns its index. */
  addColumn(cost: number, bounds: { lower: number; upper: number }, integer = false): number {
    const j = this.numCols;
    if (j === this.cost.length) {
      const size = 2 * j;
      this.cost = growF64(this.cost, size);
      this.lower = growF64(this.lower, size);
      this.upper = growF64(this.upper, size);
      this.integer = growI32(this.integer, size);
    }
    this.cost[j] = cost;
    this.lower[j] = bounds.lower;
    this.upper[j] = bounds.upper;
    this.integer[j] = integer ? 1 : 0;
    this.numCols = j + 1;
    return j;
  }

  /** Add coefficient·x[col] to the row being written; a zero coefficient is dropped. */
  addEntry(col: number, value: number): void {
    if (value === 0) return;
    const k = this.numEntries;
    if (k === this.indices.length) {
      this.indices = growI32(this.indices, 2 * k);
      this.values = growF64(this.values, 2 * k);
    }
    this.indices[k] = col;
    this.values[k] = value;
    this.numEntries = k + 1;
  }

  /** Close the row being written as lower ≤ Σ entries ≤ upper; returns its index. */
  endRow(lower: number, upper: number): number {
    const i = this.numRows;
    if (i === this.rowLo.length) {
      this.rowLo = growF64(this.rowLo, 2 * i);
      this.rowUp = growF64(this.rowUp, 2 * i);
      this.starts = growI32(this.starts, 2 * i + 1);
    }
    this.rowLo[i] = lower;
    this.rowUp[i] = upper;
    this.starts[i + 1] = this.numEntries;
    this.numRows = i + 1;
    return i;
  }

  /** Freeze: the arrays are copied to their exact lengths (a view would carry the spare room). */
  build(offset = 0): MilpModel {
    const n = this.numCols;
    const m = this.numRows;
    const nz = this.numEntries;
    return {
      numCols: n,
      numRows: m,
      offset,
      colCost: this.cost.slice(0, n),
      colLower: this.lower.slice(0, n),
      colUpper: this.upper.slice(0, n),
      integrality: this.integer.slice(0, n),
      rowLower: this.rowLo.slice(0, m),
      rowUpper: this.rowUp.slice(0, m),
      starts: this.starts.slice(0, m + 1),
      indices: this.indices.slice(0, nz),
      values: this.values.slice(0, nz),
    };
  }
}

function growF64(array: Float64Array, size: number): Float64Array {
  const bigger = new Float64Array(size);
  bigger.set(array);
  return bigger;
}

function growI32(array: Int32Array, size: number): Int32Array {
  const bigger = new Int32Array(size);
  bigger.set(array);
  return bigger;
}
