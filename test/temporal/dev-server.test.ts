import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveCliExecutable } from '../../src/temporal/binaries.js';
import { startDevServer } from '../../src/temporal/dev-server.js';
import { allSlaSearchAttributes, slaSearchAttributes } from '../../src/temporal/search-attributes.js';
import { finish, trackedCase } from '../fixtures/temporal/workflows.js';
import { bundleWorkflows, createDevServerEnv } from '../support/temporal.js';
import { freePort } from '../support/free-port.js';

/** Visibility is eventually consistent: poll a list query briefly. */
async function listUntil(client: Client, query: string, predicate: (ids: string[]) => boolean, timeoutMs = 15_000): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ids: string[] = [];
    for await (const wf of client.workflow.list({ query })) ids.push(wf.workflowId);
    if (predicate(ids)) return ids;
    if (Date.now() > deadline) throw new Error(`list(${query}) still returned ${JSON.stringify(ids)} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('dev server (Temporal CLI, provided offline): typed search attributes + visibility', () => {
  let env: TestWorkflowEnvironment;
  let workflowBundle: WorkflowBundleWithSourceMap;

  beforeAll(async () => {
    env = await createDevServerEnv();
    workflowBundle = await bundleWorkflows(new URL('../fixtures/temporal/workflows.ts', import.meta.url));
  });
  afterAll(async () => {
    await env?.teardown();
  });

  it('finds a workflow by SlaCaseId and follows SlaState through list queries', async () => {
    const taskQueue = `dev-${randomUUID()}`;
    const workflowId = `case-123-${randomUUID()}`;
    const failureAt = new Date('2030-01-02T03:04:05.000Z');
    const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle });
    await worker.runUntil(async () => {
      const handle = await env.client.workflow.start(trackedCase, {
        taskQueue,
        workflowId,
        typedSearchAttributes: [
          { key: slaSearchAttributes.caseId, value: 'case-123' },
          { key: slaSearchAttributes.state, value: 'ACTIVE' },
          { key: slaSearchAttributes.failureAt, value: failureAt },
          { key: slaSearchAttributes.breached, value: false },
        ],
      });
      const found = await listUntil(env.client, 'SlaCaseId = "case-123"', (ids) => ids.includes(workflowId));
      expect(found).toContain(workflowId);
      await listUntil(env.client, `SlaState = "ACTIVE" AND SlaFailureAt > "2030-01-01T00:00:00Z" AND WorkflowId = "${workflowId}"`, (ids) => ids.length === 1);

      await handle.signal(finish);
      expect(await handle.result()).toEqual({ caseId: 'case-123' });
      await listUntil(env.client, `SlaCaseId = "case-123" AND SlaState = "MET"`, (ids) => ids.includes(workflowId));
      const described = await handle.describe();
      expect(described.typedSearchAttributes.get(slaSearchAttributes.state)).toBe('MET');
      expect(described.typedSearchAttributes.get(slaSearchAttributes.failureAt)).toEqual(failureAt);
    });
  });
});

describe('startDevServer (npm start): Web UI, persistence, search attributes, graceful stop', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sla-dev-server-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('serves the UI, keeps workflows in the DB file across restarts and registers attributes added later', async () => {
    const executable = resolveCliExecutable(process.env.TEMPORAL_CLI_PATH);
    const dbFilename = path.join(dir, 'nested', 'dev.db');
    const [port, uiPort] = [await freePort(), await freePort()];
    const workflowId = `persisted-${randomUUID()}`;

    // First launch registers only one attribute (as an older DB would have).
    const first = await startDevServer({ executable, dbFilename, port, uiPort, output: 'ignore', searchAttributes: [slaSearchAttributes.caseId] });
    try {
      expect(first.address).toBe(`127.0.0.1:${port}`);
      const res = await fetch(first.uiUrl);
      expect(res.status).toBe(200);
      expect(await res.text()).toMatch(/<html/i);
      const connection = await Connection.connect({ address: first.address });
      try {
        const client = new Client({ connection });
        await client.workflow.start('neverPolled', { taskQueue: 'nobody', workflowId });
      } finally {
        await connection.close();
      }
      // A second server on the same port must be refused up front, not silently attached to.
      await expect(startDevServer({ executable, port, ui: false, output: 'ignore' })).rejects.toThrow(/already in use/);
    } finally {
      await first.stop();
    }
    await first.stop(); // idempotent

    // Second launch on the same DB: the workflow survived, all attributes now exist.
    const second = await startDevServer({ executable, dbFilename, port, uiPort, namespace: 'default', output: 'ignore' });
    try {
      const connection = await Connection.connect({ address: second.address });
      try {
        const client = new Client({ connection });
        const d = await client.workflow.getHandle(workflowId).describe();
        expect(d.status.name).toBe('RUNNING');
        const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace: 'default' });
        expect(Object.keys(customAttributes ?? {})).toEqual(expect.arrayContaining(allSlaSearchAttributes.map((k) => k.name)));
        await client.workflow.getHandle(workflowId).terminate('test done');
      } finally {
        await connection.close();
      }
    } finally {
      await second.stop();
    }
    // Ports are released after stop.
    await expect(startDevServer({ executable, port, uiPort, dbFilename, output: 'ignore' }).then((s) => s.stop())).resolves.toBeUndefined();
  });
});
