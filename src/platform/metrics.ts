/**
 * Prometheus metrics, one registry per server (tests build many servers in one process).
 * Routes are labelled by their pattern, never by raw URL, so label sets stay bounded.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

export class Metrics {
  readonly registry = new Registry();
  readonly httpRequests = new Counter({
    name: 'appdesk_http_requests_total',
    help: 'HTTP requests by route, method, HTTP status and envelope code',
    labelNames: ['method', 'route', 'status', 'code'] as const,
    registers: [this.registry],
  });
  readonly httpDuration = new Histogram({
    name: 'appdesk_http_request_duration_seconds',
    help: 'HTTP request latency by route and method',
    labelNames: ['method', 'route'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
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
    collectDefaultMetrics({ register: this.registry });
  }
}
