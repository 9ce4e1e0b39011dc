interface Waiting<I, O> {
  item: I;
  resolve: (result: O) => void;
  reject: (error: unknown) => void;
}

export interface Batcher<I, O> {
  /** Runs `item` in the next batch and answers its own result. */
  run(item: I): Promise<O>;
}

/**
 * Runs items in batches, one batch at a time: what arrives while a batch runs makes up the next one.
 * Idle, an item starts at once (with whatever arrived in the same tick). Under load one batch carries
 * everything that queued meanwhile: one statement, one commit and one lock of a busy row for many
 * requests, instead of many statements queueing on that row inside the database.
 * `runBatch` answers one result per item, in order. When a batch of several fails, each of its items runs
 * again alone, so one bad item fails only itself (a failed batch is one rolled-back transaction).
 * @example const steps = createBatcher((items: Step[]) => runSteps(items)); const row = await steps.run(step)
 */
export function createBatcher<I, O>(runBatch: (items: I[]) => Promise<O[]>, { maxBatch = 100 }: { maxBatch?: number } = {}): Batcher<I, O> {
  const queue: Waiting<I, O>[] = [];
  let running = false;

  async function runChecked(items: I[]): Promise<O[]> {
    const results = await runBatch(items);
    if (results.length !== items.length) throw new Error(`a batch of ${items.length} answered ${results.length} results`);
    return results;
  }

  async function drain(): Promise<void> {
    while (queue.length) {
      const batch = queue.splice(0, maxBatch);
      try {
        const results = await runChecked(batch.map((w) => w.item));
        batch.forEach((w, i) => w.resolve(results[i]!));
      } catch (error) {
        if (batch.length === 1) batch[0]!.reject(error);
        else {
          for (const w of batch) await runChecked([w.item]).then(([result]) => w.resolve(result!), w.reject);
        }
      }
    }
    running = false;
  }

  return {
    run(item) {
      return new Promise<O>((resolve, reject) => {
        queue.push({ item, resolve, reject });
        if (running) return;
        running = true;
        queueMicrotask(() => void drain());
      });
    },
  };
}
