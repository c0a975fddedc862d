/**
 * Standard Webhooks signing (https://www.standardwebhooks.com): `webhook-signature` is
 * `v1,<base64 HMAC-SHA256(secret, "<webhook-id>.<webhook-timestamp>.<body>")>`, one entry per secret
 * separated by spaces (a rotation's grace period signs with the new and the previous secret).
 * Secrets are `whsec_<base64 of 32 random bytes>`; the HMAC key is the decoded bytes.
 */
import { createHmac, randomBytes } from 'node:crypto';

export const SECRET_PREFIX = 'whsec_';

export function newWebhookSecret(): string {
  return SECRET_PREFIX + randomBytes(32).toString('base64');
}

function keyOf(secret: string): Buffer {
  return Buffer.from(secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret, 'base64');
}

export function signPayload(secret: string, webhookId: string, timestampSeconds: number, body: string): string {
  const digest = createHmac('sha256', keyOf(secret)).update(`${webhookId}.${timestampSeconds}.${body}`).digest('base64');
  return `v1,${digest}`;
}

export interface SigningSecrets {
  secret: string;
  previousSecret: string | null;
  previousSecretExpiresAt: Date | null;
}

/** The secrets that sign at `at`: the current one, and the previous one while its grace period lasts. */
export function activeSecrets(s: SigningSecrets, at: Date): string[] {
  const previous = s.previousSecret && s.previousSecretExpiresAt && s.previousSecretExpiresAt.getTime() > at.getTime() ? [s.previousSecret] : [];
  return [s.secret, ...previous];
}

/** The three Standard Webhooks headers of one attempt. */
export function webhookHeaders(s: SigningSecrets, webhookId: string, at: Date, body: string): Record<string, string> {
  const timestamp = Math.floor(at.getTime() / 1000);
  return {
    'webhook-id': webhookId,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': activeSecrets(s, at)
      .map((secret) => signPayload(secret, webhookId, timestamp, body))
      .join(' '),
  };
}
