/**
 * The SDK's workflow stack traces are off in the SLA worker by default (SLA_WORKER_STACK_TRACES): with
 * TEMPORAL_WORKFLOW_STACK_TRACES=0 (set by createSlaWorker) the workflow thread installs no promise hook
 * (patches/@temporalio+worker+1.24.0.patch), so promises in workflow code capture no stack. This file's
 * own process (pool: forks) installs the hooks once, so it checks only the "off" side; the config test
 * checks the switch.
 */
import { parseWorkflowCode } from '@temporalio/worker/lib/worker.js';
import { ReusableVMWorkflowCreator } from '@temporalio/worker/lib/workflow/reusable-vm.js';
import { globalHandlers } from '@temporalio/worker/lib/workflow/vm-shared.js';
import { describe, expect, it } from 'vitest';
import { WORKFLOWS_PATH } from '../../src/worker/create-worker.js';
import { bundleWorkflows } from '../support/temporal.js';

describe('workflow stack traces', () => {
  it('installs no promise hook when TEMPORAL_WORKFLOW_STACK_TRACES is 0', async () => {
    process.env.TEMPORAL_WORKFLOW_STACK_TRACES = '0';
    const bundle = parseWorkflowCode((await bundleWorkflows(WORKFLOWS_PATH)).code);
    const creator = await ReusableVMWorkflowCreator.create(bundle, 1000, new Set(), undefined);
    try {
      expect(globalHandlers.installed).toBe(true);
      expect(globalHandlers.promiseHookInstalled).toBe(false);
    } finally {
      await creator.destroy();
    }
  }, 120_000);
});
