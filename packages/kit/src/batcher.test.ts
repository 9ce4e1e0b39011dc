import { describe, expect, it } from 'vitest';
import { createBatcher } from './batcher.js';

/** A batch runner whose batches end when the test says so; it records the batches it was given. */
function controlledRunner(fail: (item: number) => boolean = () => false) {
  const batches: number[][] = [];
  const ends: (() => void)[] = [];
  const runBatch = (items: number[]) => {
    batches.push(items);
    return new Promise<number[]>((resolve, reject) => {
      ends.push(() => (items.some(fail) ? reject(new Error(`bad item in ${items.join(',')}`)) : resolve(items.map((i) => i * 10))));
    });
  };
  /** Ends the oldest running batch and lets the batcher react. */
  const endNext = async () => {
    ends.shift()!();
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { batches, runBatch, endNext };
}

describe('batcher', () => {
  it('runs one batch at a time: what arrives meanwhile goes in the next, each caller gets its own result', async () => {
    const runner = controlledRunner();
    const batcher = createBatcher(runner.runBatch);
    const first = [batcher.run(1), batcher.run(2)];
    await new Promise((resolve) => setImmediate(resolve));
    const later = [batcher.run(3), batcher.run(4), batcher.run(5)];
    await new Promise((resolve) => setImmediate(resolve));
    expect(runner.batches).toEqual([[1, 2]]);
    await runner.endNext();
    expect(await Promise.all(first)).toEqual([10, 20]);
    expect(runner.batches).toEqual([[1, 2], [3, 4, 5]]);
    await runner.endNext();
    expect(await Promise.all(later)).toEqual([30, 40, 50]);
  });

  it('caps a batch at maxBatch items', async () => {
    const runner = controlledRunner();
    const batcher = createBatcher(runner.runBatch, { maxBatch: 2 });
    const all = [1, 2, 3, 4, 5].map((i) => batcher.run(i));
    await new Promise((resolve) => setImmediate(resolve));
    for (let i = 0; i < 3; i++) await runner.endNext();
    expect(await Promise.all(all)).toEqual([10, 20, 30, 40, 50]);
    expect(runner.batches).toEqual([[1, 2], [3, 4], [5]]);
  });

  it('runs the items of a failed batch again one by one, so only the bad one fails', async () => {
    const calls: number[][] = [];
    const batcher = createBatcher(async (items: number[]) => {
      calls.push(items);
      if (items.includes(2)) throw new Error('item 2 is bad');
      return items.map((i) => i * 10);
    });
    const results = await Promise.allSettled([1, 2, 3].map((i) => batcher.run(i)));
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message))).toEqual([10, 'item 2 is bad', 30]);
    expect(calls).toEqual([[1, 2, 3], [1], [2], [3]]);
  });

  it('refuses a batch answer that does not have one result per item', async () => {
    await expect(createBatcher(async () => []).run('a')).rejects.toThrow('a batch of 1 answered 0 results');
  });

  it('keeps working after a failure', async () => {
    let failing = true;
    const batcher = createBatcher(async (items: string[]) => {
      if (failing) throw new Error('database restarting');
      return items.map((i) => i.toUpperCase());
    });
    await expect(batcher.run('a')).rejects.toThrow('database restarting');
    failing = false;
    expect(await batcher.run('b')).toBe('B');
  });
});
