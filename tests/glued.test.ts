import { describe, expect, it } from 'vitest';
import { enumerateSplits, runSegments, splitRun, sumIs } from '../src/extract/glued.js';

const A3 = sumIs(6, [0, 1, 2, 3, 4, 5]);
const B1 = (v: (number | null)[]) => [0, 5, 10].every((o) => sumIs(o + 4, [o, o + 1, o + 2, o + 3])(v));
const joined = (r: ReturnType<typeof splitRun>) => r!.candidates.map((c) => c.parts.join('|'));

describe('glued-digit solver', () => {
  it('splits a table-三 run of pingtan-2021 uniquely under A3', () => {
    expect(joined(splitRun('640020470', 7, { accept: A3 }))).toEqual(['64|0|0|2|0|4|70']);
    expect(splitRun('640020470', 7, { accept: A3 })!.candidates[0].values).toEqual([64, 0, 0, 2, 0, 4, 70]);
    expect(joined(splitRun('630020469', 7, { accept: A3 }))).toEqual(['63|0|0|2|0|4|69']);
  });

  it('returns every A3-admissible split of an ambiguous run', () => {
    expect(joined(splitRun('270020130', 7, { accept: A3 })).sort()).toEqual(['27|0|0|2|0|1|30', '2|7|0|0|20|1|30'].sort());
    expect(joined(splitRun('220000325', 7, { accept: A3 })).sort()).toEqual(['22|0|0|0|0|3|25', '2|20|0|0|0|3|25'].sort());
  });

  it('enforces the leading-zero rule (a lone 0 is fine)', () => {
    expect(joined(splitRun('000', 3))).toEqual(['0|0|0']);
    expect(joined(splitRun('0000000', 7))).toEqual(['0|0|0|0|0|0|0']);
    expect(joined(splitRun('105', 2)).sort()).toEqual(['10|5']); // "1|05" is not a number
    expect(splitRun('00', 1)!.candidates).toEqual([]);
  });

  it('ignores stray spaces but also allows them as boundaries (pingtan-2019 rows)', () => {
    expect(joined(splitRun('500000 5', 7, { accept: A3 }))).toEqual(['5|0|0|0|0|0|5']);
    expect(joined(splitRun('230 000023', 7, { accept: A3 }))).toEqual(['23|0|0|0|0|0|23']);
    expect(joined(splitRun('23 0 00 0 023', 7, { accept: A3 }))).toEqual(['23|0|0|0|0|0|23']);
    expect(joined(splitRun('0 0 0 0 0 00', 7))).toEqual(['0|0|0|0|0|0|0']);
    // a space inside a number is not forced to be a boundary
    expect(joined(splitRun('1 2', 1))).toEqual(['12']);
  });

  it('treats tabs as hard boundaries and empty tab cells as blank cells', () => {
    const segs = runSegments('1\t0\t\t5');
    expect(segs).toEqual([
      { kind: 'digits', text: '1' },
      { kind: 'digits', text: '0' },
      { kind: 'cell', raw: '' },
      { kind: 'digits', text: '5' },
    ]);
    const r = enumerateSplits(segs!, [{}, {}, {}, {}]);
    expect(r.candidates.map((c) => c.values)).toEqual([[1, 0, null, 5]]);
    expect(joined(splitRun('12\t3', 3))).toEqual(['1|2|3']);
  });

  it('splits table 四 of pingtan-2021 under B1', () => {
    const all = splitRun('10203120001200000', 15)!;
    expect(all.candidates.length).toBeGreaterThan(1);
    expect(joined(splitRun('10203120001200000', 15, { accept: B1 }))).toEqual(['1|0|2|0|3|12|0|0|0|12|0|0|0|0|0']);
  });

  it('keeps decimals and units in decimal columns only', () => {
    expect(splitRun('24252.311082', [{ decimal: true }])!.candidates[0]).toEqual({ parts: ['24252.311082'], values: [24252.311082] });
    expect(splitRun('24252.311082', [{}])!.candidates).toEqual([]);
    const proc = splitRun('13575394432.52元', [{}, { decimal: true }])!;
    expect(proc.candidates.length).toBe(10); // 政府集中采购 135 | 75394432.52元 is one of ten
    expect(proc.candidates.map((c) => c.parts.join('|'))).toContain('135|75394432.52元');
  });

  it('reports table-二 runs that split in several ways', () => {
    const r = splitRun('898989', 3)!;
    expect(r.candidates.length).toBe(10);
    expect(joined(r)).toContain('89|89|89');
    expect(splitRun('3960181', 3)!.candidates.length).toBeGreaterThan(1);
  });

  it('allows a sign only in signed columns', () => {
    expect(joined(splitRun('12-3', [{}, { signed: true }]))).toEqual(['12|-3']);
    expect(splitRun('12-3', [{}, {}])!.candidates).toEqual([]);
  });

  it('rejects runs that are not digit runs, and stops at the limit', () => {
    expect(splitRun('12a3', 2)).toBeNull();
    const r = splitRun('1'.repeat(30), 10, { limit: 100 })!;
    expect(r.truncated).toBe(true);
    expect(r.enumerated).toBe(100);
  });
});

describe('hostile runs', () => {
  it('a 200,000-digit run is refused at once, not enumerated (fuzz: kewei with a long line of 1s hung)', async () => {
    const { splitRun, MAX_PART_CHARS } = await import('../src/extract/glued.js');
    const t = performance.now();
    const r = splitRun('1'.repeat(200_000), 7)!;
    expect(r.candidates).toEqual([]);
    expect(performance.now() - t).toBeLessThan(1000);
    // a run of 7 cells at the bound still splits
    expect(splitRun('1'.repeat(7 * MAX_PART_CHARS), 7)!.candidates.length).toBe(1);
  });
});
