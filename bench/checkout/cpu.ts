// CPU time spent by each part of the system during a run, read from /proc (Linux only): where a
// checkout's cost goes, steadier from run to run than throughput on a shared machine.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';

export type Part = 'services' | 'gateway' | 'PostgreSQL' | 'load generator';
export const PARTS: Part[] = ['services', 'gateway', 'PostgreSQL', 'load generator'];
export type CpuSample = Map<Part, number>;

const ticksPerSecond = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

interface Proc {
  pid: number;
  ppid: number;
  command: string;
  seconds: number;
}

function readProcs(): Proc[] {
  const procs: Proc[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // exited meanwhile
    }
    // "pid (command) state ppid ..."; the command may hold spaces and parentheses.
    const close = stat.lastIndexOf(')');
    const fields = stat.slice(close + 2).split(' ');
    procs.push({
      pid: Number(entry),
      ppid: Number(fields[1]),
      command: stat.slice(stat.indexOf('(') + 1, close),
      // utime + stime, and cutime + cstime: a PostgreSQL backend that exits adds its time to the postmaster's.
      seconds: (Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14])) / ticksPerSecond,
    });
  }
  return procs;
}

/** CPU seconds used so far by the system process (`systemPid`: the services), its descendants and this process. */
export function sampleCpu(systemPid: number): CpuSample | undefined {
  if (!existsSync('/proc/self/stat')) return undefined;
  const procs = readProcs();
  const children = new Map<number, Proc[]>();
  for (const proc of procs) {
    if (!children.has(proc.ppid)) children.set(proc.ppid, []);
    children.get(proc.ppid)!.push(proc);
  }
  const sample: CpuSample = new Map(PARTS.map((part) => [part, 0]));
  const add = (part: Part, seconds: number) => sample.set(part, sample.get(part)! + seconds);
  const walk = (pid: number) => {
    for (const child of children.get(pid) ?? []) {
      add(child.command.startsWith('postgres') ? 'PostgreSQL' : 'gateway', child.seconds);
      walk(child.pid);
    }
  };
  const system = procs.find((proc) => proc.pid === systemPid);
  if (system) add('services', system.seconds);
  walk(systemPid);
  const own = process.cpuUsage();
  add('load generator', (own.user + own.system) / 1e6);
  return sample;
}

/** Milliseconds of CPU per unit of work (a checkout, a reference transaction) for each part between two samples. */
export function cpuPerUnit(before: CpuSample, after: CpuSample, units: number): Map<Part, number> {
  return new Map(PARTS.map((part) => [part, ((after.get(part)! - before.get(part)!) * 1000) / Math.max(units, 1)]));
}
