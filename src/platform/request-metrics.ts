/**
 * HTTP request counts and latencies: counted in plain numbers on the request path, turned
 * into Prometheus series only when scraped. prom-client's own Counter and Histogram hash and
 * validate their labels on every call, which measured (callgrind) at about 9,000
 * instructions a request: more than the whole route of a cached read. The exposition is the
 * same as theirs (a counter; a histogram with _bucket, _sum and _count).
 */
import type { Metric, Registry } from 'prom-client';

const DURATION_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

interface CountSeries {
  labels: { method: string; route: string; status: string; code: string };
  value: number;
}

interface DurationSeries {
  labels: { method: string; route: string };
  /** Per bucket (not cumulative), the last one for values above every bound. */
  buckets: number[];
  sum: number;
  count: number;
}

interface ValuePair {
  labels: Record<string, string | number>;
  value: number;
  metricName?: string;
}

/** What prom-client's Registry reads from a metric: get() and reset(). */
interface CollectedMetric {
  name: string;
  help: string;
  type: 'counter' | 'histogram';
  aggregator: 'sum';
  get(): Promise<{ name: string; help: string; type: string; values: ValuePair[]; aggregator: 'sum' }>;
  reset(): void;
}

export class RequestMetrics {
  /** Label sets are bounded: routes are patterns ('not_found' otherwise), statuses and codes few. */
  private readonly counts = new Map<string, CountSeries>();
  private readonly durations = new Map<string, DurationSeries>();

  record(method: string, route: string, status: number, code: number, seconds: number): void {
    const routeKey = `${method} ${route}`;
    let d = this.durations.get(routeKey);
    if (!d) {
      d = { labels: { method, route }, buckets: new Array<number>(DURATION_BUCKETS.length + 1).fill(0), sum: 0, count: 0 };
      this.durations.set(routeKey, d);
    }
    let i = 0;
    while (i < DURATION_BUCKETS.length && seconds > DURATION_BUCKETS[i]!) i++;
    d.buckets[i]! += 1;
    d.sum += seconds;
    d.count += 1;

    const countKey = `${routeKey} ${status} ${code}`;
    let c = this.counts.get(countKey);
    if (!c) {
      c = { labels: { method, route, status: String(status), code: String(code) }, value: 0 };
      this.counts.set(countKey, c);
    }
    c.value += 1;
  }

  register(registry: Registry): void {
    const counter: CollectedMetric = {
      name: 'appdesk_http_requests_total',
      help: 'HTTP requests by route, method, HTTP status and envelope code',
      type: 'counter',
      aggregator: 'sum',
      get: () =>
        Promise.resolve({ ...describe(counter), values: [...this.counts.values()].map((c) => ({ labels: c.labels, value: c.value })) }),
      reset: () => this.counts.clear(),
    };
    const histogram: CollectedMetric = {
      name: 'appdesk_http_request_duration_seconds',
      help: 'HTTP request latency by route and method',
      type: 'histogram',
      aggregator: 'sum',
      get: () =>
        Promise.resolve({
          ...describe(histogram),
          values: [...this.durations.values()].flatMap((d) => histogramValues(histogram.name, d)),
        }),
      reset: () => this.durations.clear(),
    };
    // The Registry reads metrics through get(); these two are not prom-client classes.
    registry.registerMetric(counter as unknown as Metric);
    registry.registerMetric(histogram as unknown as Metric);
  }
}

function describe(m: CollectedMetric) {
  return { name: m.name, help: m.help, type: m.type, aggregator: m.aggregator };
}

function histogramValues(name: string, d: DurationSeries): ValuePair[] {
  const out: ValuePair[] = [];
  let cumulative = 0;
  DURATION_BUCKETS.forEach((le, i) => {
    cumulative += d.buckets[i]!;
    out.push({ labels: { ...d.labels, le }, value: cumulative, metricName: `${name}_bucket` });
  });
  out.push({ labels: { ...d.labels, le: '+Inf' }, value: d.count, metricName: `${name}_bucket` });
  out.push({ labels: d.labels, value: d.sum, metricName: `${name}_sum` });
  out.push({ labels: d.labels, value: d.count, metricName: `${name}_count` });
  return out;
}
