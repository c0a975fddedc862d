/**
 * `node --import tsx src/worker/bundle-workflows.ts <file>`: bundles the SLA workflows into `<file>`.
 * Run as a child process by `bundleWorkflowsInChildProcess` (create-worker.ts), so webpack's memory
 * never enters the worker's heap.
 */
import { writeFile } from 'node:fs/promises';
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';
import { WORKFLOWS_PATH } from './create-worker.js';

const out = process.argv[2];
if (!out) throw new Error('usage: bundle-workflows.ts <output file>');
const { code } = await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: new DefaultLogger('WARN') });
await writeFile(out, code);
