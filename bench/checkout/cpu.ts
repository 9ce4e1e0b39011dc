// CPU time spent by each part of the system during a run, read from /proc (Linux only): where a
// checkout's cost goes, steadier from run to run than throughput on a shared machine.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';

/** CPU seconds used so far by each part of the system (`services`, `orders-2`, `PostgreSQL`, `load generator`...), in the order given. */
export type CpuSample = Map<string, number>;

/** A process counted as `part` with its descendants: those named `postgres*` count as PostgreSQL, the others as `childPart` (default `part`). */
export interface WatchedProcess {
  part: string;
  pid: number;
  childPart?: string;
}

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

/**
 * CPU seconds used so far by each watched process with its descendants, then by this process, the
 * load generator (with the children it has waited for: a pgbench run that ended).
 */
export function sampleProcesses(watched: WatchedProcess[]): CpuSample | undefined {
  if (!existsSync('/proc/self/stat')) return undefined;
  const procs = readProcs();
  const children = new Map<number, Proc[]>();
  for (const proc of procs) {
    if (!children.has(proc.ppid)) children.set(proc.ppid, []);
    children.get(proc.ppid)!.push(proc);
  }
  const sample: CpuSample = new Map();
  const add = (part: string, seconds: number) => sample.set(part, (sample.get(part) ?? 0) + seconds);
  for (const { part, childPart } of watched) {
    add(part, 0);
    if (childPart) add(childPart, 0);
  }
  const walk = (pid: number, childPart: string) => {
    for (const child of children.get(pid) ?? []) {
      add(child.command.startsWith('postgres') ? 'PostgreSQL' : childPart, child.seconds);
      walk(child.pid, childPart);
    }
  };
  for (const { part, pid, childPart } of watched) {
    const proc = procs.find((p) => p.pid === pid);
    if (proc) add(part, proc.seconds);
    walk(pid, childPart ?? part);
  }
  add('load generator', procs.find((p) => p.pid === process.pid)?.seconds ?? 0);
  return sample;
}

/** How many processes run a command starting with `command` (`postgres`: the server and its backends). */
export function processCount(command: string): number {
  return existsSync('/proc/self/stat') ? readProcs().filter((proc) => proc.command.startsWith(command)).length : 0;
}

/** The embedded system: its process (the services), its children (the gateway; PostgreSQL), and this process. */
export function sampleCpu(systemPid: number): CpuSample | undefined {
  return sampleProcesses([{ part: 'services', pid: systemPid, childPart: 'gateway' }]);
}

/** Milliseconds of CPU per unit of work (a checkout, a reference transaction) for each part between two samples. */
export function cpuPerUnit(before: CpuSample, after: CpuSample, units: number): CpuSample {
  return new Map([...after].map(([part, seconds]) => [part, ((seconds - (before.get(part) ?? 0)) * 1000) / Math.max(units, 1)]));
}
