import { describe, expect, it } from 'vitest';
import { StepFailed, StepPaused, runSaga, type SagaJournal, type SagaStep } from './saga-runner.js';

type Failure = { kind: string };
interface Trip {
  /** Everything that happened, in order: steps run, records, failures, compensations, hooks. */
  log: string[];
  /** The step a resumed run starts at: the last one recorded. */
  state: string;
}

/** A journal over plain data, recording what the runner asks of it. */
function journal(trip: Trip, writable = true): SagaJournal<Failure> {
  let pending: string[] = [];
  return {
    async complete() {
      trip.log.push('complete');
      if (writable) trip.state = 'done';
      return writable;
    },
    async fail(failure, compensations, result) {
      trip.log.push(`fail ${failure.kind} [${compensations.join(',')}]${result === undefined ? '' : ` ${String(result)}`}`);
      pending = compensations;
      return writable;
    },
    async compensate() {
      for (const name of pending) trip.log.push(`undo ${name}`);
    },
    async pause() {
      trip.log.push('pause');
    },
  };
}

/** book → charge → ship, like a checkout: book leaves no record, charge and ship record theirs. */
function steps(trip: Trip, behaviour: Partial<Record<string, () => unknown>> = {}): SagaStep<Trip>[] {
  const step = (name: string, extra: Partial<SagaStep<Trip>>): SagaStep<Trip> => ({
    name,
    async run() {
      trip.log.push(`run ${name}`);
      return behaviour[name]?.() ?? `${name}-result`;
    },
    ...extra,
  });
  /** Records `name` done: a resumed run starts at the step after it. */
  const record = (name: string) => async (t: Trip, result: unknown, next: string | undefined) => {
    t.log.push(`record ${name} ${String(result)}`);
    t.state = next ?? 'done';
    return true;
  };
  return [
    step('book', { compensate: 'unbook', resumable: false }),
    step('charge', { compensate: 'refund', resumable: false, record: record('charge') }),
    step('ship', { record: record('ship') }),
  ];
}

const fresh = (): Trip => ({ log: [], state: 'book' });
const interrupted = { kind: 'interrupted' };

describe('runSaga', () => {
  it('runs every step in order, records each step that records its progress right after it, then completes', async () => {
    const trip = fresh();
    const hooks: string[] = [];
    const outcome = await runSaga(steps(trip), {
      from: 'book', resumed: false, ctx: trip, journal: journal(trip), interrupted,
      afterStep: (name) => hooks.push(`${name} after [${trip.log.join('; ')}]`),
    });
    expect(outcome).toEqual({ kind: 'completed' });
    expect(trip.log).toEqual(['run book', 'run charge', 'record charge charge-result', 'run ship', 'record ship ship-result', 'complete']);
    // The hook sees each step done and recorded, before the next one starts.
    expect(hooks).toEqual([
      'book after [run book]',
      'charge after [run book; run charge; record charge charge-result]',
      'ship after [run book; run charge; record charge charge-result; run ship; record ship ship-result]',
    ]);
  });

  it('compensates the steps done, last first, when a step fails', async () => {
    const trip = fresh();
    const fail = () => {
      throw new StepFailed({ kind: 'no_truck' });
    };
    const outcome = await runSaga(steps(trip, { ship: fail }), { from: 'book', resumed: false, ctx: trip, journal: journal(trip), interrupted });
    expect(outcome).toEqual({ kind: 'failed', failure: { kind: 'no_truck' } });
    expect(trip.log.slice(-3)).toEqual(['fail no_truck [refund,unbook]', 'undo refund', 'undo unbook']);
  });

  it('also compensates the failing step when its effect may exist, and records what it answered', async () => {
    const trip = fresh();
    const lost = () => {
      throw new StepFailed({ kind: 'timeout' }, { mayHaveRun: true, result: 'charge-7' });
    };
    await runSaga(steps(trip, { charge: lost }), { from: 'book', resumed: false, ctx: trip, journal: journal(trip), interrupted });
    expect(trip.log).toEqual(['run book', 'run charge', 'fail timeout [refund,unbook] charge-7', 'undo refund', 'undo unbook']);
  });

  it('resumes from the recorded step after a crash, without redoing the steps before it', async () => {
    const trip = fresh();
    const crash = (name: string) => {
      if (name === 'charge') throw new Error('process died');
    };
    await expect(runSaga(steps(trip), { from: 'book', resumed: false, ctx: trip, journal: journal(trip), interrupted, afterStep: crash })).rejects.toThrow('process died');
    expect(trip.state).toBe('ship');

    trip.log = [];
    const outcome = await runSaga(steps(trip), { from: trip.state, resumed: true, ctx: trip, journal: journal(trip), interrupted });
    expect(outcome).toEqual({ kind: 'completed' });
    expect(trip.log).toEqual(['run ship', 'record ship ship-result', 'complete']);
  });

  it('undoes what a crashed run may have done when the resumed run cannot go on: up to the next recorded step', async () => {
    // Crashed after book, which leaves no record: the crashed run may have charged too.
    const trip = fresh();
    const outcome = await runSaga(steps(trip), { from: 'book', resumed: true, ctx: trip, journal: journal(trip), interrupted });
    expect(outcome).toEqual({ kind: 'failed', failure: interrupted });
    expect(trip.log).toEqual(['fail interrupted [refund,unbook]', 'undo refund', 'undo unbook']);
  });

  it('stops without compensating when a step pauses, and when the journal can no longer be written', async () => {
    const paused = fresh();
    const wait = () => {
      throw new StepPaused({ kind: 'later' });
    };
    expect(await runSaga(steps(paused, { ship: wait }), { from: 'ship', resumed: true, ctx: paused, journal: journal(paused), interrupted })).toEqual({
      kind: 'paused',
      failure: { kind: 'later' },
    });
    expect(paused.log).toEqual(['run ship', 'pause']);

    const taken = fresh();
    const fail = () => {
      throw new StepFailed({ kind: 'no_truck' });
    };
    expect(await runSaga(steps(taken, { ship: fail }), { from: 'book', resumed: false, ctx: taken, journal: journal(taken, false), interrupted })).toEqual({ kind: 'lost' });
    expect(taken.log.at(-1)).toBe('fail no_truck [refund,unbook]');
  });
});
