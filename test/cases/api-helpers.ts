import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import type { TestApp } from '../support/app.js';

type Headers = Record<string, string>;

/** inject with an API key (the bootstrap admin key unless another is given). */
export function client(t: TestApp, key?: string) {
  const send = (method: InjectOptions['method'], url: string, payload?: unknown, headers: Headers = {}): Promise<LightMyRequestResponse> =>
    t.app.inject({ method, url, headers: { ...t.auth(key), ...headers }, ...(payload === undefined ? {} : { payload: payload as InjectOptions['payload'] }) });
  return {
    get: (url: string, headers?: Headers) => send('GET', url, undefined, headers),
    post: (url: string, payload?: unknown, headers?: Headers) => send('POST', url, payload ?? {}, headers),
    patch: (url: string, payload: unknown, headers?: Headers) => send('PATCH', url, payload, headers),
    put: (url: string, payload: unknown, headers?: Headers) => send('PUT', url, payload, headers),
    delete: (url: string, headers?: Headers) => send('DELETE', url, undefined, headers),
  };
}

export type Client = ReturnType<typeof client>;

function created(res: LightMyRequestResponse, what: string) {
  if (res.statusCode !== 201) throw new Error(`creating ${what} answered ${res.statusCode}: ${res.body}`);
  return res.json();
}

export async function newAccount(api: Client, body: Record<string, unknown> = {}) {
  return created(await api.post('/v1/accounts', { name: 'Contoso', ...body }), 'an account');
}

export async function newContact(api: Client, body: Record<string, unknown> = {}) {
  return created(await api.post('/v1/contacts', { name: 'Ada Lovelace', ...body }), 'a contact');
}

export async function newAgent(api: Client, body: Record<string, unknown> = {}) {
  return created(await api.post('/v1/agents', { name: 'Grace Hopper', email: 'grace@example.com', ...body }), 'an agent');
}

export async function newQueue(api: Client, body: Record<string, unknown> = {}) {
  return created(await api.post('/v1/queues', { name: `Queue ${Math.random().toString(36).slice(2, 8)}`, ...body }), 'a queue');
}

/** A case for a fresh standard account unless the body names a customer. */
export async function newCase(api: Client, body: Record<string, unknown> = {}) {
  const customer = body.accountId || body.contactId ? {} : { accountId: (await newAccount(api)).id };
  return created(await api.post('/v1/cases', { title: 'Printer on fire', origin: 'phone', ...customer, ...body }), 'a case');
}

