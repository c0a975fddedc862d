import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { SLA_WORKER_NODE_FLAGS } from '../../src/worker/tuning.js';

const root = path.resolve(import.meta.dirname, '../..');

describe('worker heap limits', () => {
  it('npm run start:worker and docker-compose start the worker with SLA_WORKER_NODE_FLAGS unless SLA_WORKER_NODE_OPTIONS says otherwise', () => {
    const scripts = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).scripts as Record<string, string>;
    expect(scripts['start:worker']).toContain(`NODE_OPTIONS="\${SLA_WORKER_NODE_OPTIONS:-${SLA_WORKER_NODE_FLAGS}}" node dist/worker.mjs`);
    const compose = YAML.parse(fs.readFileSync(path.join(root, 'docker-compose.yml'), 'utf8'), { merge: true }) as { services: Record<string, { environment: Record<string, string> }> };
    expect(compose.services.worker.environment.NODE_OPTIONS).toBe(`\${SLA_WORKER_NODE_OPTIONS:-${SLA_WORKER_NODE_FLAGS}}`);
  });
});
