// `npm run loadgen -- --url=http://127.0.0.1:8080 --users=50 --duration=5m [--think=1000]`: a shopper mix
// (browse and search 10, product page 6, add to cart 3, view cart 2, checkout 1, with think times)
// against any gateway, with live progress every 5 s and a summary at the end (or on Ctrl-C).
// Errors are answers of 5xx and calls with no answer; refusals (4xx, e.g. out of stock) are counted apart.
import { createHistogram, type RecordableHistogram } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { Agent } from 'undici';
import { ACTIONS, createShopper, pickAction, type Action, type Outcome } from './shopper.js';
import { parseDuration } from './duration.js';

const flags = new Map(process.argv.slice(2).map((arg) => arg.replace(/^--/, '').split('=') as [string, string]));
const url = flags.get('url');
if (!url) {
  console.error('loadgen needs --url, the gateway to drive: npm run loadgen -- --url=http://127.0.0.1:8080 --users=50 --duration=5m');
  process.exit(2);
}
const users = Number(flags.get('users') ?? 50);
const durationMs = parseDuration(flags.get('duration') ?? '1m');
const thinkMs = Number(flags.get('think') ?? 1000);
if (!Number.isInteger(users) || users < 1) throw new Error(`--users must be a whole number from 1, not ${flags.get('users')}`);
if (!Number.isFinite(thinkMs) || thinkMs < 0) throw new Error(`--think must be milliseconds from 0, not ${flags.get('think')}`);

interface Tally {
  latency: RecordableHistogram;
  count: number;
  errors: number;
  refused: number;
}
const tallies = Object.fromEntries((Object.keys(ACTIONS) as Action[]).map((a) => [a, { latency: createHistogram(), count: 0, errors: 0, refused: 0 }])) as Record<Action, Tally>;
const failures = new Map<string, number>();

function record(outcome: Outcome) {
  const tally = tallies[outcome.action];
  tally.count += 1;
  tally.latency.record(Math.max(1, Math.round(outcome.ms * 1000)));
  if (outcome.status === 0 || outcome.status >= 500) tally.errors += 1;
  else if (outcome.status >= 400) tally.refused += 1;
  if (outcome.failure) {
    const key = `${outcome.action} ${outcome.status || 'no answer'} ${outcome.failure}`;
    failures.set(key, (failures.get(key) ?? 0) + 1);
  }
}

const ms = (h: RecordableHistogram, p: number) => (h.count ? (h.percentile(p) / 1000).toFixed(1) : '-');
const totals = () => Object.values(tallies).reduce((sum, t) => ({ count: sum.count + t.count, errors: sum.errors + t.errors }), { count: 0, errors: 0 });

const started = performance.now();
const deadline = started + durationMs;
let stopping = false;
const dispatcher = new Agent({ connections: users, keepAliveTimeout: 30_000 });

function progress() {
  const seconds = (performance.now() - started) / 1000;
  const { count, errors } = totals();
  const actions = (Object.keys(ACTIONS) as Action[]).map((a) => `${a} ${ms(tallies[a].latency, 50)}/${ms(tallies[a].latency, 99)}`).join('  ');
  console.log(`${seconds.toFixed(0).padStart(5)} s  ${count} requests (${(count / seconds).toFixed(0)}/s), ${errors} errors  p50/p99 ms: ${actions}`);
}

async function shopper(id: number) {
  const session = createShopper(url!, dispatcher, id);
  // Users arrive over the first think time, not all in the same millisecond.
  await sleep(Math.random() * thinkMs);
  while (!stopping && performance.now() < deadline) {
    record(await session.act(pickAction(Math.random())));
    if (thinkMs > 0) await sleep(thinkMs * (0.5 + Math.random()));
  }
}

console.log(`loadgen: ${users} shoppers against ${url} for ${(durationMs / 1000).toFixed(0)} s, think time about ${thinkMs} ms`);
const ticker = setInterval(progress, 5_000);
process.once('SIGINT', () => {
  console.log('\nstopping: the shoppers finish their current request');
  stopping = true;
});
await Promise.all(Array.from({ length: users }, (_, i) => shopper(i + 1)));
clearInterval(ticker);
await dispatcher.close();

const seconds = (performance.now() - started) / 1000;
console.log(`\n| action      | requests |  per s | errors | refused | p50 ms | p99 ms |`);
console.log(`|-------------|---------:|-------:|-------:|--------:|-------:|-------:|`);
for (const [action, t] of Object.entries(tallies)) {
  console.log(`| ${action.padEnd(11)} | ${String(t.count).padStart(8)} | ${(t.count / seconds).toFixed(1).padStart(6)} | ${String(t.errors).padStart(6)} | ${String(t.refused).padStart(7)} | ${ms(t.latency, 50).padStart(6)} | ${ms(t.latency, 99).padStart(6)} |`);
}
const { count, errors } = totals();
console.log(`\n${count} requests in ${seconds.toFixed(0)} s (${(count / seconds).toFixed(1)}/s), ${errors} errors`);
if (failures.size) {
  console.log('failures by kind:');
  for (const [kind, n] of [...failures].sort((a, b) => b[1] - a[1])) console.log(`  ${String(n).padStart(6)}  ${kind}`);
}
process.exitCode = errors > 0 ? 1 : 0;
