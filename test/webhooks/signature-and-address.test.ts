/**
 * Signing checked by an independent implementation (the `standardwebhooks` package), the rotation's
 * grace period, and the SSRF address rules.
 */
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { isPublicAddress, checkReceiverUrl } from '../../src/webhooks/receiver-address.js';
import { activeSecrets, newWebhookSecret, webhookHeaders } from '../../src/webhooks/signature.js';
import { slaEventTypeOf } from '../../src/webhooks/event-catalogue.js';

const body = JSON.stringify({ id: 'evt_1', type: 'case.created', timestamp: '2027-03-01T09:00:00.000Z', data: { case: { id: 'c' } } });

describe('Standard Webhooks signature', () => {
  it('is accepted by the standardwebhooks package with the subscription secret, and refused with another', () => {
    const secret = newWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const headers = webhookHeaders({ secret, previousSecret: null, previousSecretExpiresAt: null }, 'evt_1', new Date(), body);
    expect(headers['webhook-id']).toBe('evt_1');
    expect(headers['webhook-signature'].split(' ')).toHaveLength(1);
    expect(new Webhook(secret).verify(body, headers)).toMatchObject({ type: 'case.created' });
    expect(() => new Webhook(newWebhookSecret()).verify(body, headers)).toThrow(/signature/i);
    expect(() => new Webhook(secret).verify(body.replace('case.created', 'case.updated'), headers)).toThrow(/signature/i);
  });

  it('signs with the new and the previous secret during the grace period, and with the new one only after it', () => {
    const previous = newWebhookSecret();
    const secret = newWebhookSecret();
    const now = new Date();
    const inGrace = { secret, previousSecret: previous, previousSecretExpiresAt: new Date(now.getTime() + 3_600_000) };
    const headers = webhookHeaders(inGrace, 'evt_2', now, body);
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(new Webhook(secret).verify(body, headers)).toBeTruthy();
    expect(new Webhook(previous).verify(body, headers)).toBeTruthy();

    const expired = { ...inGrace, previousSecretExpiresAt: new Date(now.getTime() - 1) };
    expect(activeSecrets(expired, now)).toEqual([secret]);
    const after = webhookHeaders(expired, 'evt_2', now, body);
    expect(new Webhook(secret).verify(body, after)).toBeTruthy();
    expect(() => new Webhook(previous).verify(body, after)).toThrow(/signature/i);
  });
});

describe('receiver addresses (SSRF)', () => {
  it.each([
    ['127.0.0.1', false],
    ['10.1.2.3', false],
    ['172.16.0.1', false],
    ['192.168.1.1', false],
    ['169.254.169.254', false],
    ['100.64.0.1', false],
    ['0.0.0.0', false],
    ['::1', false],
    ['fc00::1', false],
    ['fe80::1', false],
    ['::ffff:127.0.0.1', false],
    ['::ffff:10.0.0.1', false],
    ['224.0.0.1', false],
    ['93.184.216.34', true],
    ['2606:4700:4700::1111', true],
    ['::ffff:93.184.216.34', true],
  ])('%s is public: %s', (address, expected) => {
    expect(isPublicAddress(address)).toBe(expected);
  });

  it('refuses hosts that resolve to a private address, unless private networks are allowed', async () => {
    await expect(checkReceiverUrl(new URL('http://localhost:9/hook'), { allowPrivateNetworks: false })).rejects.toThrow(/private or reserved address/);
    await expect(checkReceiverUrl(new URL('http://[::1]:9/hook'), { allowPrivateNetworks: false })).rejects.toThrow(/private or reserved address/);
    await expect(checkReceiverUrl(new URL('http://localhost:9/hook'), { allowPrivateNetworks: true })).resolves.toBeUndefined();
  });
});

describe('SLA timeline kinds as event types', () => {
  it('maps failures to sla.breached, late successes to sla.succeeded with late, new catalogued kinds to themselves, others to nothing', () => {
    expect(slaEventTypeOf('sla.failed')).toEqual({ type: 'sla.breached' });
    expect(slaEventTypeOf('sla.late_succeeded')).toEqual({ type: 'sla.succeeded', late: true });
    expect(slaEventTypeOf('sla.pause_stale')).toEqual({ type: 'sla.pause_stale' });
    expect(slaEventTypeOf('sla.paused')).toEqual({ type: 'sla.paused' });
    expect(slaEventTypeOf('sla.calendar_applied')).toBeNull();
  });
});
