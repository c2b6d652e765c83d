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

interface RouteSeries extends DurationSeries {
  counts: Map<number, CountSeries>;
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
  /**
   * Per method, per route pattern ('not_found' otherwise), per status and code: bounded
   * label sets. Nested maps keyed by the values as they come, so counting a request builds
   * no key string.
   */
  private readonly routes = new Map<string, Map<string, RouteSeries>>();

  record(method: string, route: string, status: number, code: number, seconds: number): void {
    let byRoute = this.routes.get(method);
    if (!byRoute) this.routes.set(method, (byRoute = new Map()));
    let d = byRoute.get(route);
    if (!d) {
      d = {
        labels: { method, route },
        buckets: new Array<number>(DURATION_BUCKETS.length + 1).fill(0),
        sum: 0,
        count: 0,
        counts: new Map(),
      };
      byRoute.set(route, d);
    }
    let i = 0;
    while (i < DURATION_BUCKETS.length && seconds > DURATION_BUCKETS[i]!) i++;
    d.buckets[i]! += 1;
    d.sum += seconds;
    d.count += 1;

    // Statuses are below 1000 and codes below 100,000: one number holds both.
    const statusCode = status * 100_000 + code;
    let c = d.counts.get(statusCode);
    if (!c) {
      c = { labels: { method, route, status: String(status), code: String(code) }, value: 0 };
      d.counts.set(statusCode, c);
    }
    c.value += 1;
  }

  private series(): RouteSeries[] {
    return [...this.routes.values()].flatMap((byRoute) => [...byRoute.values()]);
  }

  register(registry: Registry): void {
    const counter: CollectedMetric = {
      name: 'appdesk_http_requests_total',
      help: 'HTTP requests by route, method, HTTP status and envelope code',
      type: 'counter',
      aggregator: 'sum',
      get: () =>
        Promise.resolve({
          ...describe(counter),
          values: this.series().flatMap((d) =>
            [...d.counts.values()].filter((c) => c.value > 0).map((c) => ({ labels: c.labels, value: c.value })),
          ),
        }),
      // As prom-client's: a reset series is left out until it counts again.
      reset: () => {
        for (const d of this.series()) for (const c of d.counts.values()) c.value = 0;
      },
    };
    const histogram: CollectedMetric = {
      name: 'appdesk_http_request_duration_seconds',
      help: 'HTTP request latency by route and method',
      type: 'histogram',
      aggregator: 'sum',
      get: () =>
        Promise.resolve({
          ...describe(histogram),
          values: this.series()
            .filter((d) => d.count > 0)
            .flatMap((d) => histogramValues(histogram.name, d)),
        }),
      reset: () => {
        for (const d of this.series()) {
          d.buckets.fill(0);
          d.sum = 0;
          d.count = 0;
        }
      },
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
