import { randomUUID } from 'node:crypto';
import { defaultPayloadConverter } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureSearchAttributes } from '../../src/temporal/dev-server.js';
import { allSlaSearchAttributes, slaSearchAttributes } from '../../src/temporal/search-attributes.js';
import { DAY_MS } from '../fixtures/temporal/helper.js';
import { sleepDays, trackedCase, finish } from '../fixtures/temporal/workflows.js';
import { bundleWorkflows, createTimeSkippingEnv } from '../support/temporal.js';

describe('time-skipping test server (Java, provided offline)', () => {
  let env: TestWorkflowEnvironment;
  let workflowBundle: WorkflowBundleWithSourceMap;

  beforeAll(async () => {
    env = await createTimeSkippingEnv();
    workflowBundle = await bundleWorkflows(new URL('../fixtures/temporal/workflows.ts', import.meta.url));
  });
  afterAll(async () => {
    await env?.teardown();
  });

  it('skips a 3-day timer in a few real seconds (and bundles ./helper.js -> helper.ts)', async () => {
    const taskQueue = `ts-${randomUUID()}`;
    const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle });
    const envStart = await env.currentTimeMs();
    const realStart = Date.now();
    const handle = await env.client.workflow.start(sleepDays, { args: [3], taskQueue, workflowId: `sleep-${randomUUID()}` });
    const result = await worker.runUntil(handle.result());
    const realElapsed = Date.now() - realStart;
    const envElapsed = (await env.currentTimeMs()) - envStart;

    expect(result.summary).toBe('sleep 3 days'); // computed by the helper imported as ./helper.js
    expect(result.endedAt - result.startedAt).toBeGreaterThanOrEqual(3 * DAY_MS);
    expect(envElapsed).toBeGreaterThanOrEqual(3 * DAY_MS);
    expect(realElapsed).toBeLessThan(15_000);

    // The timer carries its summary (user metadata) for the UI.
    const history = await handle.fetchHistory();
    const timer = history.events?.find((e) => e.timerStartedEventAttributes);
    expect(timer).toBeDefined();
    expect(defaultPayloadConverter.fromPayload(timer!.userMetadata!.summary!)).toBe('sleep 3 days');
  });

  it('accepts the SLA search attributes (registered through the operator service)', async () => {
    const taskQueue = `ts-${randomUUID()}`;
    const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle });
    const failureAt = new Date('2030-01-02T03:04:05.000Z');
    await worker.runUntil(async () => {
      const handle = await env.client.workflow.start(trackedCase, {
        taskQueue,
        workflowId: `case-${randomUUID()}`,
        typedSearchAttributes: [
          { key: slaSearchAttributes.caseId, value: 'case-ts-1' },
          { key: slaSearchAttributes.caseNumber, value: 'CASE-1' },
          { key: slaSearchAttributes.kpi, value: 'first_response' },
          { key: slaSearchAttributes.state, value: 'ACTIVE' },
          { key: slaSearchAttributes.failureAt, value: failureAt },
          { key: slaSearchAttributes.warningAt, value: failureAt },
          { key: slaSearchAttributes.breached, value: false },
        ],
      });
      const described = await handle.describe();
      expect(described.typedSearchAttributes.get(slaSearchAttributes.caseId)).toBe('case-ts-1');
      expect(described.typedSearchAttributes.get(slaSearchAttributes.failureAt)).toEqual(failureAt);
      await handle.signal(finish);
      expect(await handle.result()).toEqual({ caseId: 'case-ts-1' });
      const after = await handle.describe();
      expect(after.typedSearchAttributes.get(slaSearchAttributes.state)).toBe('MET');
    });
    // Registering again is a no-op (ALREADY_EXISTS is success).
    await expect(ensureSearchAttributes(env.connection, 'default', allSlaSearchAttributes)).resolves.toBeUndefined();
  });
});
