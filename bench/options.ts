/** The bench's command line, shared by its parts (parsed once, on import), and its log line. */
import { parseArgs } from 'node:util';

export const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '50' },
    soak: { type: 'string' },
    /** Comma-separated workload names: measure only these (targets of the others show MISS). */
    only: { type: 'string' },
  },
});
export const DURATION = Number(values.duration);
export const CONNECTIONS = Number(values.connections);
export const FLOOD_PROBE_RATE = 2000;

export interface Row {
  db: string;
  workload: string;
  rps: number;
  p50_ms: number;
  p99_ms: number;
  errors: number;
  ratio: number;
  /** The raw server's requests/s measured just before this workload. */
  baseline_rps: number;
}

export function log(msg: string) {
  process.stderr.write(`[bench] ${msg}\n`);
}
