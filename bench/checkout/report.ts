// What `npm run bench:checkout` prints, in both modes: checkouts against a reference measured before
// and after them on the same PostgreSQL server (the ratio uses their mean), then where the CPU went.
import { loadavg, availableParallelism } from 'node:os';
import type { CpuCost, RunResult } from './load.js';

export interface ReferenceResult {
  perSecond: number;
  p50: number;
  p99: number;
  /** Transactions that failed (pgbench counts them; the embedded reference has none). */
  failures: number;
  cpu: CpuCost;
}

export interface Report {
  /** What the reference is: `PostgreSQL single-row update, 16 clients`, `pgbench TPC-B, 16 clients`. */
  reference: string;
  before: ReferenceResult;
  after: ReferenceResult;
  checkouts: { label: string; result: RunResult }[];
  /** The ratio each checkout run must reach (none: the ratio is printed, not judged). */
  target?: number;
}

export const ms = (value: number) => `${value.toFixed(1)} ms`;

export const loadAverage = () => `${loadavg().map((value) => value.toFixed(2)).join(' ')} on ${availableParallelism()} CPUs`;

/** The throughput ratio is roughly the inverse of the ratio of these totals (the machine's cores are the limit). One column per run, one row per part. */
function cpuTable(columns: [string, CpuCost][]): string {
  if (columns.some(([, cpu]) => !cpu)) return '\nCPU per unit of work: not measured (it is read from /proc, which this system lacks)';
  // Every part of every column; one a column lacks (the second orders replica) goes after its predecessor in the column that has it.
  const parts: string[] = [];
  for (const [, cpu] of columns) {
    let previous = -1;
    for (const part of cpu!.keys()) {
      if (!parts.includes(part)) parts.splice(previous + 1, 0, part);
      previous = parts.indexOf(part);
    }
  }
  const total = (cpu: Map<string, number>) => [...cpu.values()].reduce((a, b) => a + b, 0);
  return [
    '',
    `| CPU per unit of work | ${columns.map(([label]) => label).join(' | ')} |`,
    `|---|${columns.map(() => '---:').join('|')}|`,
    ...parts.map((part) => `| ${part} | ${columns.map(([, cpu]) => (cpu!.has(part) ? ms(cpu!.get(part)!) : '—')).join(' | ')} |`),
    `| total | ${columns.map(([, cpu]) => ms(total(cpu!))).join(' | ')} |`,
  ].join('\n');
}

/** Prints the report; true when every checkout run had no failure (and reached the target, if any). */
export function printReport(report: Report): boolean {
  const { before, after, target } = report;
  // On a shared machine the reference drifts by ±15 % within minutes; before and after bracket what the checkouts saw.
  const reference = (before.perSecond + after.perSecond) / 2;
  const referenceRow = (when: string, r: ReferenceResult) =>
    `| reference ${when}: ${report.reference} | ${r.perSecond.toFixed(0)} tx/s | ${ms(r.p50)} | ${ms(r.p99)} | ${r.failures} | ${(r.perSecond / reference).toFixed(2)}× |`;
  const rows = [referenceRow('before', before), referenceRow('after', after)];
  let met = true;
  for (const { label, result } of report.checkouts) {
    const ratio = result.perSecond / reference;
    met &&= (target === undefined || ratio >= target) && result.errors5xx === 0 && result.otherFailures.size === 0;
    rows.push(`| ${label} | ${result.perSecond.toFixed(1)} /s | ${ms(result.p50)} | ${ms(result.p99)} | ${result.errors5xx} | ${ratio.toFixed(3)}× |`);
    for (const [what, count] of result.otherFailures) rows.push(`|   failed: ${what} | ${count} | | | | |`);
  }
  console.log(['', '| run | throughput | p50 | p99 | 5xx / failed | vs reference |', '|---|---:|---:|---:|---:|---:|', ...rows].join('\n'));
  console.log(`\nreference = mean of before and after: ${reference.toFixed(0)} tx/s`);
  console.log(cpuTable([
    ...report.checkouts.map(({ label, result }): [string, CpuCost] => [`${label} (per checkout)`, result.cpu]),
    ['reference before (per transaction)', before.cpu],
    ['reference after (per transaction)', after.cpu],
  ]));
  if (target !== undefined) console.log(`target: ≥ ${target}× the reference with no errors — ${met ? 'met' : 'NOT met'}`);
  else console.log(`errors: ${met ? 'none' : 'SOME (see above)'}`);
  return met;
}
