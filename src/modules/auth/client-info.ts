/** What a session records about the client that opened it (shown in the session list). */
import type { FastifyRequest } from 'fastify';

export interface ClientInfo {
  userAgent: string;
  ip: string;
}

export function clientInfo(req: FastifyRequest): ClientInfo {
  return { userAgent: req.headers['user-agent'] ?? '', ip: req.ip };
}
