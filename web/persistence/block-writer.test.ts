import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { openBlockStore, type BlockStore } from './block-store';
import { createBlockWriter } from './block-writer';
import { PersistenceError } from './errors';
import { chainOf } from './test-chain';

/** A scheduler the test drives by hand: tasks run only when the test says the tick has come. */
function manualTicks() {
  const tasks: Array<() => void> = [];
  return {
    schedule: (task: () => void) => void tasks.push(task),
    tick: () => tasks.splice(0).forEach((task) => task()),
    get waiting() {
      return tasks.length;
    },
  };
}

/** The real store, with every transaction it is asked for recorded by size. */
async function countingStore() {
  const store = await openBlockStore('tab1', new IDBFactory());
  const transactions: number[] = [];
  const counted: Pick<BlockStore, 'saveBlocks'> = {
    saveBlocks: (entries) => {
      transactions.push(entries.length);
      return store.saveBlocks(entries);
    },
  };
  return { store, counted, transactions };
}

describe('the block writer', () => {
  it('turns a 1,200-block sync into three transactions and loses none', async () => {
    const { store, counted, transactions } = await countingStore();
    const ticks = manualTicks();
    const writer = createBlockWriter(counted, ticks.schedule, { maxBatch: 500 });
    const chain = chainOf(1200);
    for (const entry of chain) writer.add(entry);
    // Two full batches were handed out at once; the last 200 wait for the tick.
    expect(writer.pending).toBe(200);
    ticks.tick();
    await writer.flush();
    expect(transactions).toEqual([500, 500, 200]);
    expect((await store.loadBlocks()).blocks).toHaveLength(1200);
    store.close();
  });

  it('coalesces blocks accepted between ticks into one transaction', async () => {
    const { store, counted, transactions } = await countingStore();
    const ticks = manualTicks();
    const writer = createBlockWriter(counted, ticks.schedule);
    const chain = chainOf(30);
    for (const entry of chain.slice(0, 10)) writer.add(entry);
    expect(ticks.waiting).toBe(1); // one tick asked for, not ten
    ticks.tick();
    for (const entry of chain.slice(10)) writer.add(entry);
    ticks.tick();
    await writer.flush();
    expect(transactions).toEqual([10, 20]);
    expect((await store.loadBlocks()).blocks).toHaveLength(30);
    store.close();
  });

  it('flush writes what is pending without waiting for the tick', async () => {
    const { store, counted, transactions } = await countingStore();
    const ticks = manualTicks();
    const writer = createBlockWriter(counted, ticks.schedule);
    for (const entry of chainOf(7)) writer.add(entry);
    await writer.flush();
    expect(transactions).toEqual([7]);
    expect((await store.loadBlocks()).blocks).toHaveLength(7);
    ticks.tick(); // the late tick finds nothing left to do
    await writer.flush();
    expect(transactions).toEqual([7]);
    store.close();
  });

  it('writes nothing more once discarded (the reset button), not even what was pending', async () => {
    const { store, counted, transactions } = await countingStore();
    const ticks = manualTicks();
    const writer = createBlockWriter(counted, ticks.schedule);
    const chain = chainOf(4);
    writer.add(chain[0]!);
    writer.discard();
    await store.clearChain();
    writer.add(chain[1]!);
    ticks.tick();
    await writer.flush();
    expect(transactions).toEqual([]);
    expect((await store.loadBlocks()).blocks).toEqual([]);
    store.close();
  });

  it('reports the first failure once, stops writing, and keeps accepting blocks without throwing', async () => {
    const store = await closedStore();
    const errors: PersistenceError[] = [];
    const ticks = manualTicks();
    const writer = createBlockWriter(store, ticks.schedule, { maxBatch: 2, onError: (e) => errors.push(e) });
    for (const entry of chainOf(5)) writer.add(entry);
    const failure = await writer.flush().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(failure).toBeInstanceOf(PersistenceError);
    expect((failure as PersistenceError).code).toBe('closed');
    expect(errors.map((e) => e.code)).toEqual(['closed']);
    writer.add(chainOf(6)[5]!);
    expect(writer.pending).toBe(0);
    expect(writer.failure?.code).toBe('closed');
  });

  it('maps a full disk to quota-exceeded for the page to show', async () => {
    const full: Pick<BlockStore, 'saveBlocks'> = {
      saveBlocks: () => Promise.reject(new DOMException('The quota has been exceeded.', 'QuotaExceededError')),
    };
    const writer = createBlockWriter(full, manualTicks().schedule);
    writer.add(chainOf(1)[0]!);
    await expect(writer.flush()).rejects.toMatchObject({ code: 'quota-exceeded' });
  });
});

/** A store whose database this tab already closed: every write fails for real, with `closed`. */
async function closedStore(): Promise<BlockStore> {
  const store = await openBlockStore('tab1', new IDBFactory());
  store.close();
  return store;
}
