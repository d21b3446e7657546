import { describe, expect, it } from 'vitest';
import { DateInput } from './date-input.js';
import { daysBetween, parseDate, parseViewDate } from './dates.js';

describe('parseDate', () => {
  it('reads a day as a one-day interval', () => {
    expect(parseDate('2025-07-21')).toEqual({
      text: '2025-07-21',
      start: '2025-07-21',
      end: '2025-07-21',
      precision: 'day',
    });
  });

  it('reads a month as the whole month, counted from its last day', () => {
    expect(parseDate('2025-06')).toMatchObject({
      start: '2025-06-01',
      end: '2025-06-30',
      precision: 'month',
    });
    expect(parseDate('2024-02')).toMatchObject({ end: '2024-02-29' });
  });

  it('reads a year, also written as a YAML number', () => {
    expect(parseDate(2029)).toMatchObject({
      text: '2029',
      start: '2029-01-01',
      end: '2029-12-31',
      precision: 'year',
    });
  });

  it('reads "on or before" and ranges', () => {
    expect(parseDate({ by: '2025-07-21' })).toMatchObject({
      text: 'by 2025-07-21',
      end: '2025-07-21',
      precision: 'on-or-before',
    });
    expect(parseDate({ from: '2025-07-14', to: '2025-07-20' })).toMatchObject({
      start: '2025-07-14',
      end: '2025-07-20',
      precision: 'range',
    });
  });

  it('rejects dates that do not exist, naming the bad part', () => {
    expect(parseDate('2025-13-40')).toMatch(/month 13/);
    expect(parseDate('2025-02-29')).toMatch(/day 29 does not exist/);
    expect(parseDate('July 2025')).toMatch(/expected a date/);
    expect(parseDate({ from: '2025-08', to: '2025-07' })).toMatch(/starts .* after it ends/);
  });

  it('is enforced by the schema', () => {
    expect(DateInput.safeParse('2025-13-40').success).toBe(false);
    expect(DateInput.safeParse(true).success).toBe(false);
    expect(DateInput.safeParse({ by: '2025-07' }).success).toBe(true);
  });
});

describe('view dates', () => {
  it('take the end of the interval', () => {
    expect(parseViewDate('2025-07')).toBe('2025-07-31');
    expect(parseViewDate('nonsense')).toBeUndefined();
  });

  it('count days', () => {
    expect(daysBetween('2025-01-21', '2025-07-21')).toBe(181);
  });
});
