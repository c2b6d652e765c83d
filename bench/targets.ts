/** The targets: each a line PASS or MISS, from the measured rows and extra figures. */
import type { Row } from './options.js';

export function evaluateTargets(rows: Row[], extra: Record<string, unknown>): [string, boolean][] {
  const targets: [string, boolean][] = [];
  const ratio = (db: string, w: string) => rows.find((r) => r.db === db && r.workload === w)?.ratio ?? 0;
  for (const [db, info, faq, fb] of [
    ['sqlite', 0.6, 0.5, 0.3],
    ['postgres', 0.35, 0.3, 0.2],
  ] as const) {
    if (!rows.some((r) => r.db === db)) continue;
    targets.push([`${db} personal_info ≥ ${info}× raw (${ratio(db, 'personal_info')})`, ratio(db, 'personal_info') >= info]);
    targets.push([`${db} faq_list ≥ ${faq}× raw (${ratio(db, 'faq_list')})`, ratio(db, 'faq_list') >= faq]);
    targets.push([`${db} feedback_create ≥ ${fb}× raw (${ratio(db, 'feedback_create')})`, ratio(db, 'feedback_create') >= fb]);
    const verify = extra[`${db}_argon2_verify_rps`] as number;
    const login = extra[`${db}_login_rps`] as number;
    targets.push([
      `${db} login ≥ 0.85× argon2id verify alone (${login}/${verify} = ${(login / verify).toFixed(2)})`,
      login >= 0.85 * verify,
    ]);
    const quiet = extra[`${db}_personal_info_p99_quiet_ms`] as number;
    const flood = extra[`${db}_personal_info_p99_login_flood_ms`] as number;
    targets.push([`${db} personal_info p99 under login flood ≤ 3× quiet (${flood}/${quiet} ms)`, flood <= 3 * Math.max(quiet, 1)]);
    const logCost = extra[`${db}_request_log_cost`] as number | undefined;
    if (logCost !== undefined)
      targets.push([`${db} request log costs ≤ 15% of personal_info (${(logCost * 100).toFixed(1)}%)`, logCost <= 0.15]);
    targets.push([`${db} peak RSS < 200 MB (${extra[`${db}_peak_rss_mb`] as number} MB)`, (extra[`${db}_peak_rss_mb`] as number) < 200]);
  }
  return targets;
}

export function printTargets(targets: [string, boolean][]): void {
  for (const [name, pass] of targets) process.stdout.write(`${pass ? 'PASS' : 'MISS'}  ${name}\n`);
}
