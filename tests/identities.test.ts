import { describe, expect, it } from 'vitest';
import { runChecks, type TablesData } from '../src/validate/identities.js';
import { APPLICATIONS, APPLICANT_COLUMNS, REVIEW_LITIGATION, OUTCOME_COLUMNS } from '../src/template.js';

/** A consistent 2021 table 三 and table 四, built from parts. */
function consistent(): TablesData {
  const app: Record<string, Record<string, number | null>> = {};
  for (const r of APPLICATIONS.rows) {
    app[r.key] = {};
    for (const c of APPLICANT_COLUMNS) app[r.key][c.key] = r.only === '2019' ? null : 0;
  }
  app.granted.natural_person = 5;
  app.partially_granted.commercial_enterprise = 2;
  app.unable_not_held.natural_person = 3;
  app.other_misc.natural_person = 1;
  app.processed_total.natural_person = 9;
  app.processed_total.commercial_enterprise = 2;
  app.new_received.natural_person = 8;
  app.carried_over.natural_person = 2;
  app.carried_forward.natural_person = 1;
  app.new_received.commercial_enterprise = 2;
  for (const r of APPLICATIONS.rows) {
    if (r.only === '2019') continue;
    app[r.key].total = APPLICANT_COLUMNS.slice(0, 6).reduce((s, c) => s + (app[r.key][c.key] as number), 0);
  }
  const rl: Record<string, Record<string, number | null>> = {};
  for (const b of REVIEW_LITIGATION.rows) {
    rl[b.key] = {};
    for (const c of OUTCOME_COLUMNS) rl[b.key][c.key] = 0;
  }
  rl.review = { upheld: 10, corrected: 1, other: 0, pending: 0, total: 11 };
  return { applications: app, review_litigation: rl, active_disclosure: {} };
}

const statusOf = (checks: ReturnType<typeof runChecks>, id: string) => checks.find((c) => c.id === id)?.status;

describe('identities', () => {
  it('all pass on a consistent report, one check per column/row/block', () => {
    const checks = runChecks(consistent(), '2021');
    expect(checks.every((c) => c.status === 'pass')).toBe(true);
    expect(checks.filter((c) => c.id.startsWith('A1.')).length).toBe(7);
    expect(checks.filter((c) => c.id.startsWith('A2.')).length).toBe(7);
    expect(checks.filter((c) => c.id.startsWith('A3.')).length).toBe(25);
    expect(checks.filter((c) => c.id.startsWith('B1.')).length).toBe(3);
  });
  it('A1 fails with both sides when carry-over does not add up', () => {
    const t = consistent();
    t.applications.carried_forward.natural_person = 4;
    const c = runChecks(t, '2021').find((x) => x.id === 'A1.natural_person')!;
    expect(c).toMatchObject({ status: 'fail', expected: 10, actual: 13 });
  });
  it('A2 fails when a result row is off, and uses other_total in the 2019 layout', () => {
    const t = consistent();
    t.applications.granted.natural_person = 6;
    expect(statusOf(runChecks(t, '2021'), 'A2.natural_person')).toBe('fail');
    const m = consistent();
    for (const k of ['other_no_correction', 'other_fee_unpaid', 'other_misc']) for (const c of APPLICANT_COLUMNS) m.applications[k][c.key] = null;
    for (const c of APPLICANT_COLUMNS) m.applications.other_total[c.key] = c.key === 'natural_person' || c.key === 'total' ? 1 : 0;
    const checks = runChecks(m, 'mixed');
    expect(statusOf(checks, 'A2.natural_person')).toBe('pass');
    expect(checks.some((c) => c.id === 'A3.other_misc')).toBe(false);
    expect(statusOf(checks, 'A3.other_total')).toBe('pass');
  });
  it('A3 fails when the total column disagrees', () => {
    const t = consistent();
    t.applications.granted.total = 4;
    expect(statusOf(runChecks(t, '2021'), 'A3.granted')).toBe('fail');
  });
  it('B1 reports a printed total of 0 over non-zero parts as a failure (hongze 2023)', () => {
    const t = consistent();
    t.review_litigation.review.total = 0;
    expect(runChecks(t, '2021').find((c) => c.id === 'B1.review')).toMatchObject({ status: 'fail', expected: 0, actual: 11 });
  });
  it('is uncertain, naming the null terms, when a term is missing', () => {
    const t = consistent();
    t.review_litigation.litigation_direct.pending = null;
    const c = runChecks(t, '2021').find((x) => x.id === 'B1.litigation_direct')!;
    expect(c.status).toBe('uncertain');
    expect(c.missing).toEqual(['review_litigation.litigation_direct.pending']);
  });
  it('never changes a value', () => {
    const t = consistent();
    t.applications.granted.total = 4;
    const before = JSON.stringify(t);
    runChecks(t, '2021');
    expect(JSON.stringify(t)).toBe(before);
  });
});
