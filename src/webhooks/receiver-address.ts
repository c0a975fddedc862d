/**
 * SSRF guard: a receiver whose host resolves to a private, loopback, link-local or otherwise
 * non-public address is refused unless WEBHOOK_ALLOW_PRIVATE_NETWORKS is set. Every address the name
 * resolves to is checked (one private answer refuses the host), and the connection goes to an address
 * that was checked (the `lookup` below is the socket's resolver), so a DNS answer that changes between
 * the check and the connect (rebinding) cannot reach a private address.
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { promises as dns } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';

/** A request that sets a receiver URL waits at most this long for its DNS answer. */
const LOOKUP_TIMEOUT_MS = 5_000;

export interface ReceiverPolicy {
  allowPrivateNetworks: boolean;
}

export class ReceiverRefused extends Error {
  override name = 'ReceiverRefused';
}

/** True for unicast addresses on the public internet only (ipaddr.js ranges; IPv4-mapped IPv6 unwrapped). */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  return ipaddr.process(address).range() === 'unicast';
}

function refuseUnlessPublic(host: string, addresses: string[], policy: ReceiverPolicy): void {
  if (policy.allowPrivateNetworks) return;
  const privateOnes = addresses.filter((a) => !isPublicAddress(a));
  if (privateOnes.length > 0) {
    throw new ReceiverRefused(`${host} resolves to a private or reserved address (${privateOnes.join(', ')}); set WEBHOOK_ALLOW_PRIVATE_NETWORKS=true to allow it`);
  }
}

function bareHost(hostname: string): string {
  return hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
}

/** Resolves the URL's host and refuses it by the policy (subscription create and update). */
export async function checkReceiverUrl(url: URL, policy: ReceiverPolicy): Promise<void> {
  const host = bareHost(url.hostname);
  let addresses: string[];
  if (isIP(host)) addresses = [host];
  else {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(Object.assign(new Error('DNS timeout'), { code: `no answer within ${LOOKUP_TIMEOUT_MS / 1000} s` })), LOOKUP_TIMEOUT_MS);
    });
    try {
      addresses = (await Promise.race([dns.lookup(host, { all: true, verbatim: true }), timeout])).map((a) => a.address);
    } catch (err) {
      throw new ReceiverRefused(`${host} does not resolve (${(err as NodeJS.ErrnoException).code ?? 'DNS error'})`);
    } finally {
      clearTimeout(timer);
    }
  }
  refuseUnlessPublic(host, addresses, policy);
}

/** A socket `lookup` that resolves every address, refuses the host by the policy and connects to a checked address. */
export function guardedLookup(policy: ReceiverPolicy): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true, verbatim: true }, (err, result) => {
      if (err) return callback(err, '', 0);
      const addresses = result as unknown as LookupAddress[];
      try {
        refuseUnlessPublic(hostname, addresses.map((a) => a.address), policy);
      } catch (refused) {
        return callback(refused as NodeJS.ErrnoException, '', 0);
      }
      if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      const first = addresses[0];
      if (!first) return callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), '', 0);
      callback(null, first.address, first.family);
    });
  };
}

/** The literal IP in a URL's host, checked here (sockets skip `lookup` for IP literals). */
export function checkLiteralAddress(url: URL, policy: ReceiverPolicy): void {
  const host = bareHost(url.hostname);
  if (isIP(host)) refuseUnlessPublic(host, [host], policy);
}
