/**
 * The README's Webhooks section stays true: its five-line verifier accepts what the service signs (and
 * refuses a tampered body, another secret, an old timestamp), and its catalogue table lists every type.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { webhookEventTypeNames } from '../../src/webhooks/event-catalogue.js';
import { newWebhookSecret, webhookHeaders } from '../../src/webhooks/signature.js';

const readme = fs.readFileSync(path.resolve(import.meta.dirname, '../../README.md'), 'utf8');
const section = readme.slice(readme.indexOf('## Webhooks'), readme.indexOf('\n## ', readme.indexOf('## Webhooks') + 3));

type Verify = (secret: string, headers: Record<string, string>, rawBody: string) => boolean;

function readmeVerifier(): Verify {
  const marker = section.indexOf('<!-- webhook-verify-snippet');
  const code = section.slice(section.indexOf('```js\n', marker) + 6, section.indexOf('```', section.indexOf('```js\n', marker) + 6));
  const lines = code.trim().split('\n');
  expect(lines[0]).toMatch(/^import \{ createHmac, timingSafeEqual \} from 'node:crypto';$/);
  expect(lines.length).toBeLessThanOrEqual(6); // the import and five lines
  const body = lines.slice(1).join('\n');
  return new Function('createHmac', 'timingSafeEqual', `${body}\nreturn verifyWebhook;`)(createHmac, timingSafeEqual) as Verify;
}

describe('README webhooks section', () => {
  const body = '{"id":"evt_1","type":"sla.breached","timestamp":"2027-03-01T11:00:00.000Z","data":{}}';

  it('verifies a signature the service made, with either secret during a rotation, and refuses forgeries and stale timestamps', () => {
    const verify = readmeVerifier();
    const secret = newWebhookSecret();
    const previous = newWebhookSecret();
    const now = new Date();
    const headers = webhookHeaders({ secret, previousSecret: previous, previousSecretExpiresAt: new Date(now.getTime() + 60_000) }, 'evt_1', now, body);
    expect(verify(secret, headers, body)).toBe(true);
    expect(verify(previous, headers, body)).toBe(true);
    expect(verify(newWebhookSecret(), headers, body)).toBe(false);
    expect(verify(secret, headers, body.replace('breached', 'warning'))).toBe(false);
    const old = webhookHeaders({ secret, previousSecret: null, previousSecretExpiresAt: null }, 'evt_1', new Date(now.getTime() - 10 * 60_000), body);
    expect(verify(secret, old, body)).toBe(false);
  });

  it('lists every event type of the catalogue', () => {
    for (const type of webhookEventTypeNames) expect(section).toContain(`\`${type}\``);
  });
});
