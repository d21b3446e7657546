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

/** Grows the column and row arrays as a model is written, then freezes them into a MilpModel. */
export class MilpModelBuilder {
  private cost: number[] = [];
  private lower: number[] = [];
  private upper: number[] = [];
  private integer: number[] = [];
  private rowLo: number[] = [];
  private rowUp: number[] = [];
  private starts: number[] = [0];
  private indices: number[] = [];
  private values: number[] = [];

  get numCols(): number {
    return this.cost.length;
  }
  get numRows(): number {
    return this.rowLo.length;
  }

  /** Add a column; returns its index. */
  addColumn(column: { cost: number; lower: number; upper: number; integer?: boolean }): number {
    this.cost.push(column.cost);
    this.lower.push(column.lower);
    this.upper.push(column.upper);
    this.integer.push(column.integer === true ? 1 : 0);
    return this.cost.length - 1;
  }

  /** Add a row lower ≤ Σ coefficient·x ≤ upper; entries with a zero coefficient are dropped. */
  addRow(lower: number, upper: number, entries: readonly (readonly [number, number])[]): number {
    for (const [col, value] of entries) {
      if (value === 0) continue;
      this.indices.push(col);
      this.values.push(value);
    }
    this.starts.push(this.indices.length);
    this.rowLo.push(lower);
    this.rowUp.push(upper);
    return this.rowLo.length - 1;
  }

  build(offset = 0): MilpModel {
    return {
      numCols: this.cost.length,
      numRows: this.rowLo.length,
      offset,
      colCost: Float64Array.from(this.cost),
      colLower: Float64Array.from(this.lower),
      colUpper: Float64Array.from(this.upper),
      integrality: Int32Array.from(this.integer),
      rowLower: Float64Array.from(this.rowLo),
      rowUpper: Float64Array.from(this.rowUp),
      starts: Int32Array.from(this.starts),
      indices: Int32Array.from(this.indices),
      values: Float64Array.from(this.values),
    };
  }
}
