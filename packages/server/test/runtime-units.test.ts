import {
  ConnectorException,
  IllegalArgumentException,
  IllegalStateException,
  ObjectPoolConfiguration,
  OperationTimeoutException,
} from '@rcskit/core';
import { describe, expect, it } from 'vitest';
import { BoundedQueue } from '../src/runtime/bounded-queue.js';
import { ConnectorPool } from '../src/runtime/connector-pool.js';
import { sleep } from './runtime-helpers.js';

describe('BoundedQueue', () => {
  it('accepts up to its capacity at once, then holds pushes until the consumer takes items', async () => {
    const queue = new BoundedQueue<number>(2);
    expect(await queue.push(1)).toBe(true);
    expect(await queue.push(2)).toBe(true);
    let third: boolean | undefined;
    void queue.push(3).then((v) => {
      third = v;
    });
    await sleep(1);
    expect([queue.size, queue.pendingPushes, third]).toEqual([2, 1, undefined]);
    expect(await queue.next()).toEqual({ done: false, value: 1 });
    await sleep(1);
    expect([queue.size, queue.pendingPushes, third]).toEqual([2, 0, true]);
    queue.end();
    expect(await queue.next()).toEqual({ done: false, value: 2 });
    expect(await queue.next()).toEqual({ done: false, value: 3 });
    expect(await queue.next()).toEqual({ done: true });
    expect(() => queue.push(4)).toThrow(IllegalStateException);
  });

  it('hands an item straight to a waiting consumer', async () => {
    const queue = new BoundedQueue<string>(1);
    const next = queue.next();
    await queue.push('a');
    expect(await next).toEqual({ done: false, value: 'a' });
    expect(queue.size).toBe(0);
  });

  it('delivers buffered items before the producer’s failure', async () => {
    const queue = new BoundedQueue<number>(5);
    await queue.push(1);
    queue.fail(new Error('producer broke'));
    expect(await queue.next()).toEqual({ done: false, value: 1 });
    await expect(queue.next()).rejects.toThrow('producer broke');
  });

  it('times a wait out and stays usable', async () => {
    const queue = new BoundedQueue<number>(1);
    await expect(queue.next(10, 'search')).rejects.toThrow(OperationTimeoutException);
    await queue.push(7);
    expect(await queue.next(10)).toEqual({ done: false, value: 7 });
  });

  it('cancel() answers waiting and later pushes with false and ends a waiting consumer', async () => {
    const queue = new BoundedQueue<number>(1);
    await queue.push(1);
    const blocked = queue.push(2);
    queue.cancel();
    expect(await blocked).toBe(false);
    expect(await queue.push(3)).toBe(false);
    expect(await queue.next()).toEqual({ done: true });
    expect(() => new BoundedQueue(0)).toThrow(IllegalArgumentException);
  });
});

describe('ConnectorPool', () => {
  function resource() {
    let serial = 0;
    const log: string[] = [];
    return {
      log,
      create: async () => {
        serial++;
        log.push(`create ${serial}`);
        return serial;
      },
      checkAlive: async () => {},
      dispose: async (n: number) => {
        log.push(`dispose ${n}`);
      },
    };
  }

  it('disposes returned instances when maxIdle is 0', async () => {
    const r = resource();
    const pool = new ConnectorPool(new ObjectPoolConfiguration({ maxIdle: 0, minIdle: 0 }), r);
    const a = await pool.borrow();
    await pool.release(a);
    expect(r.log).toEqual(['create 1', 'dispose 1']);
    expect(pool.statistics).toEqual({ active: 0, idle: 0, waiting: 0 });
  });

  it('keeps at most maxIdle idle instances, disposing the oldest', async () => {
    const r = resource();
    const pool = new ConnectorPool(new ObjectPoolConfiguration({ maxIdle: 1, minIdle: 0 }), r);
    const [a, b] = await Promise.all([pool.borrow(), pool.borrow()]);
    await pool.release(a);
    await pool.release(b);
    expect(r.log).toEqual(['create 1', 'create 2', 'dispose 1']);
    expect(await pool.borrow()).toBe(2);
  });

  it('fails waiting borrows on close and disposes instances returned afterwards', async () => {
    const r = resource();
    const pool = new ConnectorPool(
      new ObjectPoolConfiguration({ maxObjects: 1, maxIdle: 1, maxWait: 10_000 }),
      r,
    );
    const a = await pool.borrow();
    const waiting = pool.borrow();
    await pool.close();
    await expect(waiting).rejects.toThrow(IllegalStateException);
    await pool.release(a);
    expect(r.log).toEqual(['create 1', 'dispose 1']);
    await expect(pool.borrow()).rejects.toThrow(IllegalStateException);
  });

  it('times a borrow out with ConnectorException("TimeOut") and releases the permit of a failed create', async () => {
    const r = resource();
    let failCreate = true;
    const pool = new ConnectorPool(new ObjectPoolConfiguration({ maxObjects: 1, maxIdle: 1, maxWait: 20 }), {
      ...r,
      create: async () => {
        if (failCreate) throw new Error('cannot connect');
        return r.create();
      },
    });
    await expect(pool.borrow()).rejects.toThrow('cannot connect');
    failCreate = false;
    const a = await pool.borrow();
    const error = await pool.borrow().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectorException);
    expect((error as Error).message).toBe('TimeOut');
    await pool.release(a);
  });
});
