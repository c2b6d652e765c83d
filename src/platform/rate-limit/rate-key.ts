/**
 * Rate-limit bucket names. The parts (app ids, accounts, addresses) are client-chosen and
 * unbounded, so they are hashed into a key of fixed length: no app id or e-mail can
 * overflow a column, and no part can forge another's key by containing the separator.
 */
import { hash } from 'node:crypto';
import ipaddr from 'ipaddr.js';

export function rateKey(kind: string, ...parts: readonly string[]): string {
  return `${kind}:${hash('sha256', parts.join('\u0000'), 'base64url')}`;
}

/**
 * The unit a per-address limit counts: an IPv4 address, or the /64 network of an IPv6
 * address, since one subscriber is routinely handed a whole /64 and could otherwise rotate
 * through 2^64 addresses. IPv4-mapped IPv6 addresses count as their IPv4 address.
 */
export function addressUnit(ip: string): string {
  if (!ipaddr.isValid(ip)) return ip;
  let addr = ipaddr.parse(ip);
  if (addr.kind() === 'ipv6' && (addr as ipaddr.IPv6).isIPv4MappedAddress()) addr = (addr as ipaddr.IPv6).toIPv4Address();
  if (addr.kind() === 'ipv4') return addr.toString();
  const parts = (addr as ipaddr.IPv6).parts.slice(0, 4).map((p) => p.toString(16));
  return `${parts.join(':')}::/64`;
}
