/**
 * One step of a saga. `run` does the step and answers what its compensation needs (or throws a
 * `StepFailed` to cancel the saga, a `StepPaused` to leave it for a later run; anything else it throws
 * is a crash: nothing is recorded and a resumed run takes over from the last record).
 */
export interface SagaStep<Ctx, Name extends string = string, Undo extends string = string> {
  name: Name;
  run(ctx: Ctx): Promise<unknown>;
  /**
   * Persists that the step is done, with what `run` answered, so a resumed run starts at `next` (the step
   * after it; undefined after the last, where completing the saga records the end); false when this run may
   * no longer write (another run took the saga over). A step without `record` leaves no trace: a crash
   * after it resumes before it.
   */
  record?(ctx: Ctx, result: unknown, next: Name | undefined): Promise<boolean>;
  /** The compensation that undoes the step once it ran (or may have); run later by the journal, so it is a name. */
  compensate?: Undo;
  /** False when a run resumed after a crash cannot do the step: it needs what only the run that started the saga knew. */
  resumable?: boolean;
}

/** Thrown by a step that failed: the saga is cancelled and the steps before it are compensated. */
export class StepFailed<F> extends Error {
  /**
   * @param mayHaveRun the step's effect may exist although it failed (a call whose answer was lost), so its
   *   own compensation runs too
   * @param result what the journal records with the failure
   */
  constructor(
    readonly failure: F,
    readonly options: { mayHaveRun?: boolean; result?: unknown } = {},
  ) {
    super('saga step failed');
  }
}

/** Thrown by a step that cannot run now but must not be undone: the run stops as it is and a later run retries it. */
export class StepPaused<F> extends Error {
  constructor(readonly failure: F) {
    super('saga step paused');
  }
}

/** Where a saga keeps its state between runs (its database row). */
export interface SagaJournal<F, Undo extends string = string> {
  /** Records the saga done after its last step; false when this run may no longer write. */
  complete(): Promise<boolean>;
  /** Records the failure with the compensations still to run, in order; false when this run may no longer write. */
  fail(failure: F, compensations: Undo[], result?: unknown): Promise<boolean>;
  /** Runs the compensations recorded by `fail` (one that cannot run now stays recorded for a later run). */
  compensate(): Promise<void>;
  /** Leaves the saga as it is for a later run (a step paused). */
  pause(): Promise<void>;
}

export type SagaOutcome<F> =
  | { kind: 'completed' }
  | { kind: 'failed'; failure: F }
  | { kind: 'paused'; failure: F }
  /** Another run holds the saga now; this one stopped without writing. */
  | { kind: 'lost' };

export interface RunSagaOptions<Ctx, F, Name extends string, Undo extends string> {
  /** The step to start at: the first, or the one the journal says a crashed run had reached. */
  from: Name;
  /** True when a run other than the one that started the saga resumes it (after a crash). */
  resumed: boolean;
  ctx: Ctx;
  journal: SagaJournal<F, Undo>;
  /** The failure a resumed run records when it cannot go on. */
  interrupted: F;
  /** Called after each step is done and recorded: the one place tests inject faults (a crash between steps). */
  afterStep?: (name: Name) => unknown;
}

/**
 * Runs `steps` in order from `from`: records each step's progress after it, runs the compensations of the
 * steps done (in reverse) when one fails, and resumes from the recorded step after a crash. A resumed run
 * that reaches a step it cannot do undoes every step a crashed run may have done: those before it, it,
 * and those after it up to the next one that records its progress.
 * @example const outcome = await runSaga(steps, { from: 'reserve', resumed: false, ctx, journal, interrupted })
 */
export async function runSaga<Ctx, F, Name extends string, Undo extends string>(
  steps: readonly SagaStep<Ctx, Name, Undo>[],
  options: RunSagaOptions<Ctx, F, Name, Undo>,
): Promise<SagaOutcome<F>> {
  const { ctx, journal } = options;

  /** Records `failure` and undoes the first `count` steps, last first. */
  async function fail(failure: F, count: number, result?: unknown): Promise<SagaOutcome<F>> {
    const compensations = steps
      .slice(0, count)
      .reverse()
      .flatMap((step) => (step.compensate ? [step.compensate] : []));
    if (!(await journal.fail(failure, compensations, result))) return { kind: 'lost' };
    await journal.compensate();
    return { kind: 'failed', failure };
  }

  let at = steps.findIndex((step) => step.name === options.from);
  if (at < 0) throw new Error(`The saga has no step ${options.from}`);
  for (; at < steps.length; at++) {
    const step = steps[at]!;
    if (options.resumed && step.resumable === false) {
      let last = at;
      while (!steps[last]!.record && last < steps.length - 1) last++;
      return fail(options.interrupted, last + 1);
    }
    let result: unknown;
    try {
      result = await step.run(ctx);
    } catch (error) {
      if (error instanceof StepPaused) {
        await journal.pause();
        return { kind: 'paused', failure: error.failure as F };
      }
      if (!(error instanceof StepFailed)) throw error;
      return fail(error.failure as F, error.options.mayHaveRun ? at + 1 : at, error.options.result);
    }
    if (step.record && !(await step.record(ctx, result, steps[at + 1]?.name))) return { kind: 'lost' };
    await options.afterStep?.(step.name);
  }
  return (await journal.complete()) ? { kind: 'completed' } : { kind: 'lost' };
}
