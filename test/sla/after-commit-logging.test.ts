import { describe, expect, it } from 'vitest';
import { CaseLifecycle, type CaseLifecycleListener } from '../../src/cases/case-lifecycle.js';

function recorder() {
  const errors: Array<{ obj: Record<string, unknown>; msg: string }> = [];
  return { errors, log: { error: (obj: object, msg: string) => errors.push({ obj: obj as Record<string, unknown>, msg }) } };
}

describe('CaseLifecycle.afterCommit', () => {
  it('logs a listener that fails, with the case id, and still runs the others', async () => {
    const { errors, log } = recorder();
    const heard: string[] = [];
    const listeners: CaseLifecycleListener[] = [
      { name: 'sync-thrower', afterCommit: () => { throw new Error('boom'); } },
      { name: 'async-rejecter', afterCommit: async () => { throw new Error('down'); } },
      { name: 'fine', afterCommit: (caseId) => void heard.push(caseId) },
    ];
    new CaseLifecycle(listeners, log).afterCommit('case-1');
    await new Promise((r) => setImmediate(r));
    expect(heard).toEqual(['case-1']);
    expect(errors).toEqual([
      { obj: { caseId: 'case-1', listener: 'sync-thrower', err: 'boom' }, msg: 'after-commit listener failed' },
      { obj: { caseId: 'case-1', listener: 'async-rejecter', err: 'down' }, msg: 'after-commit listener failed' },
    ]);
  });

  it('does not wait for a listener (a request answers right after its commit)', () => {
    const lifecycle = new CaseLifecycle([{ name: 'never-done', afterCommit: () => new Promise<void>(() => {}) }], recorder().log);
    expect(lifecycle.afterCommit('case-2')).toBeUndefined();
  });
});
