/**
 * One transaction around a whole unit of work that is not one function call (an HTTP request from its
 * pre-handler to its answer), so that what the work wrote and a record of its outcome commit together or
 * not at all. Used by the Idempotency-Key plugin: the stored answer commits with the effect.
 *
 * - `openTransaction(db)` begins a transaction and keeps it open until `commit(last)` or `rollback()`.
 * - `scopedDb(db)` is a Db that, inside `runInTransaction(t, fn)`, sends every statement to `t`'s
 *   transaction (and a `transaction()` there becomes a savepoint); elsewhere it is `db` itself.
 * - `runAfterCommit(fn)`: work to do once the changes are visible to others (waking the SLA dispatcher);
 *   inside a scope it waits for the commit (and is dropped on rollback), elsewhere it runs at once.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Db, Tx } from './client.js';

export interface OpenTransaction {
  readonly tx: Tx;
  /** Runs `last` in the transaction, then commits; rejects (and rolls back) if either fails. */
  commit(last?: (tx: Tx) => Promise<void>): Promise<void>;
  /** Rolls back; never rejects. */
  rollback(): Promise<void>;
  readonly settled: boolean;
}

const ROLLBACK = Symbol('rollback');
type Outcome = { kind: 'commit'; last?: (tx: Tx) => Promise<void> } | { kind: 'rollback' };

export async function openTransaction(db: Db): Promise<OpenTransaction> {
  let opened!: (tx: Tx) => void;
  let failedToOpen!: (err: unknown) => void;
  const ready = new Promise<Tx>((resolve, reject) => {
    opened = resolve;
    failedToOpen = reject;
  });
  let decide!: (outcome: Outcome) => void;
  const decided = new Promise<Outcome>((resolve) => (decide = resolve));
  const finished = db.transaction(async (tx) => {
    opened(tx);
    const outcome = await decided;
    if (outcome.kind === 'rollback') throw ROLLBACK;
    await outcome.last?.(tx);
  });
  finished.catch(failedToOpen); // only matters before `opened`
  const tx = await ready;
  const afterCommit: Array<() => void> = [];
  let settled = false;
  const handle: OpenTransaction & { afterCommit: typeof afterCommit } = {
    tx,
    afterCommit,
    get settled() {
      return settled;
    },
    async commit(last) {
      if (settled) throw new Error('transaction already settled');
      settled = true;
      decide({ kind: 'commit', last });
      await finished;
      for (const fn of afterCommit.splice(0)) fn();
    },
    async rollback() {
      if (settled) return;
      settled = true;
      afterCommit.length = 0;
      decide({ kind: 'rollback' });
      await finished.catch(() => undefined);
    },
  };
  scopes.set(handle, handle);
  return handle;
}

type Scope = OpenTransaction & { afterCommit: Array<() => void> };
const scopes = new WeakMap<OpenTransaction, Scope>();
const current = new AsyncLocalStorage<Scope>();

/** Runs `fn` (and everything it starts) with `scopedDb` statements going to `t`. */
export function runInTransaction<T>(t: OpenTransaction, fn: () => T): T {
  const scope = scopes.get(t);
  if (!scope) throw new Error('not a transaction from openTransaction()');
  return current.run(scope, fn);
}

/** Runs `fn` after the surrounding scope's transaction commits, or now outside any scope. */
export function runAfterCommit(fn: () => void): void {
  const scope = current.getStore();
  if (scope && !scope.settled) scope.afterCommit.push(fn);
  else fn();
}

export function scopedDb(db: Db): Db {
  return new Proxy(db, {
    get(target, property) {
      const scope = current.getStore();
      const base = (scope && !scope.settled ? scope.tx : target) as object;
      const value = Reflect.get(base, property, base) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(base) : value;
    },
  });
}
