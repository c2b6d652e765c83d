/** The targets: each a line PASS or MISS, from the measured rows and extra figures. */
import { CONNECTIONS, type Row } from './options.js';

export function evaluateTargets(rows: Row[], extra: Record<string, unknown>): [string, boolean][] {
  const targets: [string, boolean][] = [];
  const ratio = (db: string, w: string) => rows.find((r) => r.db === db && r.workload === w)?.ratio ?? 0;
  // Issue 14's targets at the default configuration: [db, personal_info, faq_list, feedback_create, message_count, refresh].
  for (const [db, info, faq, fb, count, refresh] of [
    ['sqlite', 0.6, 0.5, 0.3, 0.5, 0.3],
    ['postgres', 0.5, 0.5, 0.2, 0.5, 0.2],
  ] as const) {
    if (!rows.some((r) => r.db === db)) continue;
    for (const [w, min] of [
      ['personal_info', info],
      ['faq_list', faq],
      ['feedback_create', fb],
      ['message_count', count],
      ['refresh', refresh],
    ] as const) {
      targets.push([`${db} ${w} ≥ ${min}× raw (${ratio(db, w)})`, ratio(db, w) >= min]);
    }
    const verify = extra[`${db}_argon2_verify_rps`] as number;
    const login = extra[`${db}_login_rps`] as number;
    targets.push([
      `${db} login ≥ 0.85× argon2id verify alone (${login}/${verify} = ${(login / verify).toFixed(2)})`,
      login >= 0.85 * verify,
    ]);
    const p50 = extra[`${db}_login_p50_ms`] as number;
    const p99 = extra[`${db}_login_p99_ms`] as number;
    targets.push([`${db} login p99 ≤ 2.5× p50, ${CONNECTIONS} logins at once (${p99}/${p50} ms)`, p99 <= 2.5 * p50]);
    const quiet = extra[`${db}_personal_info_p99_quiet_ms`] as number;
    const flood = extra[`${db}_personal_info_p99_login_flood_ms`] as number;
    targets.push([`${db} personal_info p99 under login flood ≤ 3× quiet (${flood}/${quiet} ms)`, flood <= 3 * Math.max(quiet, 1)]);
    const logCost = extra[`${db}_request_log_cost`] as number | undefined;
    if (logCost !== undefined)
      targets.push([`${db} request log costs ≤ 15% of personal_info (${(logCost * 100).toFixed(1)}%)`, logCost <= 0.15]);
    const idle = extra[`${db}_idle_rss_mb`] as number;
    const started = extra[`${db}_start_rss_mb`] as number;
    const peak = extra[`${db}_peak_rss_mb`] as number;
    targets.push([`${db} idle RSS ≤ 100 MB (${idle} MB after 30 s without a request; ${started} MB just started)`, idle <= 100]);
    targets.push([`${db} peak RSS ≤ 140 MB over the whole run (${peak} MB)`, peak <= 140]);
  }
  return targets;
}

export function printTargets(targets: [string, boolean][]): void {
  for (const [name, pass] of targets) process.stdout.write(`${pass ? 'PASS' : 'MISS'}  ${name}\n`);
}
