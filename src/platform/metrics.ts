/**
 * Prometheus metrics, one registry per server (tests build many servers in one process).
 * Routes are labelled by their pattern, never by raw URL, so label sets stay bounded.
 */
import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import { RequestMetrics } from './request-metrics.js';

export class Metrics {
  readonly registry = new Registry();
  /** Request counts and latencies (appdesk_http_requests_total, appdesk_http_request_duration_seconds). */
  readonly requests = new RequestMetrics();
  readonly codesSent = new Counter({
    name: 'appdesk_verification_codes_total',
    help: 'Verification code sends by channel and outcome (sent, rate_limited, or the error code)',
    labelNames: ['channel', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly pushDeliveries = new Counter({
    name: 'appdesk_push_deliveries_total',
    help: 'Push deliveries to devices by provider and outcome (sent, failed, invalid)',
    labelNames: ['provider', 'outcome'] as const,
    registers: [this.registry],
  });

  recordRequest(method: string, route: string, status: number, code: number, seconds: number): void {
    this.requests.record(method, route, status, code, seconds);
  }

  constructor(queueDepth: () => Promise<number>) {
    new Gauge({
      name: 'appdesk_push_queue_depth',
      help: 'Push messages waiting for delivery (read from the queue on each scrape)',
      registers: [this.registry],
      async collect() {
        try {
          this.set(await queueDepth());
        } catch {
          // The queue's store is unreachable: NaN (unknown) rather than failing the whole
          // scrape or repeating a stale number; /readyz says what is down.
          this.set(Number.NaN);
        }
      },
    });
    this.requests.register(this.registry);
    collectDefaultMetrics({ register: this.registry });
  }
}
