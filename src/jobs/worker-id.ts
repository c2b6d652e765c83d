/**
 * Names this process in delivery leases: readable, and bounded whatever the host name (up
 * to 253 characters) by hashing a long one, since the lease column is 64 wide.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { sha256Hex } from '../platform/secrets.js';

export const WORKER_ID_MAX = 64;

export function workerIdentity(host: string = hostname(), pid: number = process.pid): string {
  const shown = host.length <= 32 ? host : `${host.slice(0, 20)}~${sha256Hex(host).slice(0, 8)}`;
  return `${shown}:${pid}:${randomUUID().slice(0, 8)}`;
}
