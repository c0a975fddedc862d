/**
 * The workflow sandbox without a watchdog thread per call (patches/@temporalio+worker+1.24.0.patch): with
 * the unbounded activation limit of SLA_WORKER_TUNING the SDK's calls into the V8 context carry no
 * `timeout` (Node would start and join a thread for each, nodejs/node#47739); with a finite limit they do.
 */
import vm from 'node:vm';
import { parseWorkflowCode } from '@temporalio/worker/lib/worker.js';
import { ReusableVMWorkflowCreator } from '@temporalio/worker/lib/workflow/reusable-vm.js';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { WORKFLOWS_PATH } from '../../src/worker/create-worker.js';
import { SLA_WORKER_TUNING } from '../../src/worker/tuning.js';
import { bundleWorkflows } from '../support/temporal.js';

const msOf = (d: string) => Number(/^(\d+)ms$/.exec(d)![1]);

describe('workflow sandbox watchdog', () => {
  let bundle: ReturnType<typeof parseWorkflowCode>;
  beforeAll(async () => {
    bundle = parseWorkflowCode((await bundleWorkflows(WORKFLOWS_PATH)).code);
  }, 120_000);
  afterEach(() => vi.restoreAllMocks());

  async function timeoutsOfCallsInto(isolateExecutionTimeoutMs: number): Promise<Array<number | undefined>> {
    const timeouts: Array<number | undefined> = [];
    const original = vm.Script.prototype.runInContext;
    vi.spyOn(vm.Script.prototype, 'runInContext').mockImplementation(function (this: vm.Script, context, options) {
      timeouts.push(options?.timeout);
      return original.call(this, context, options);
    });
    const creator = await ReusableVMWorkflowCreator.create(bundle, isolateExecutionTimeoutMs, new Set(), undefined);
    await creator.destroy();
    return timeouts;
  }

  it('passes no timeout into the sandbox with the tuning of the SLA worker', async () => {
    const timeouts = await timeoutsOfCallsInto(msOf(SLA_WORKER_TUNING.isolateExecutionTimeout));
    expect(timeouts.length).toBeGreaterThan(1);
    expect(timeouts.every((t) => t === undefined)).toBe(true);
  });

  it('still enforces a finite limit (SLA_WORKER_ACTIVATION_TIMEOUT_MS)', async () => {
    expect(await timeoutsOfCallsInto(5000)).toContain(5000);
  });
});
