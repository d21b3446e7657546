import { describe, expect, it } from 'vitest';
import { MilpModelBuilder } from './milp-model.js';

describe('MilpModelBuilder', () => {
  it('grows past a size hint that fell short and keeps every entry in order', () => {
    const mb = new MilpModelBuilder({ columns: 1, rows: 1, entries: 1 });
    for (let j = 0; j < 5; j += 1) mb.addColumn(j, { lower: 0, upper: j + 1 }, j % 2 === 0);
    for (let i = 0; i < 4; i += 1) {
      for (let j = 0; j <= i; j += 1) mb.addEntry(j, i + 1 + j / 10);
      mb.endRow(-Infinity, i);
    }
    const model = mb.build(7);
    expect(model.numCols).toBe(5);
    expect(model.numRows).toBe(4);
    expect(model.offset).toBe(7);
    expect(Array.from(model.colUpper)).toEqual([1, 2, 3, 4, 5]);
    expect(Array.from(model.integrality)).toEqual([1, 0, 1, 0, 1]);
    expect(Array.from(model.starts)).toEqual([0, 1, 3, 6, 10]);
    expect(Array.from(model.indices)).toEqual([0, 0, 1, 0, 1, 2, 0, 1, 2, 3]);
    expect(model.values[9]).toBeCloseTo(4.3);
    expect(Array.from(model.rowUpper)).toEqual([0, 1, 2, 3]);
  });

  it('drops zero coefficients and keeps an empty row', () => {
    const mb = new MilpModelBuilder();
    const x = mb.addColumn(1, { lower: 0, upper: Infinity });
    mb.addEntry(x, 0);
    mb.endRow(0, 1);
    mb.addEntry(x, 2);
    mb.endRow(-Infinity, 4);
    const model = mb.build();
    expect(Array.from(model.starts)).toEqual([0, 0, 1]);
    expect(Array.from(model.values)).toEqual([2]);
  });

  it('hands over arrays of exactly the model size, not the spare room', () => {
    const mb = new MilpModelBuilder({ columns: 100, rows: 100, entries: 1000 });
    mb.addColumn(1, { lower: 0, upper: 1 });
    mb.addEntry(0, 1);
    mb.endRow(0, 1);
    const model = mb.build();
    expect(model.colCost.buffer.byteLength).toBe(8);
    expect(model.indices.buffer.byteLength).toBe(4);
    expect(model.starts.length).toBe(2);
  });
});
