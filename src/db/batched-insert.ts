/**
 * Inserts into one table that arrive in the same event-loop turn go to the database as one
 * multi-row INSERT ... RETURNING: one statement, one round trip and one commit for all of
 * them, where each alone would pay its own (on PostgreSQL a round trip and a WAL flush per
 * row). Each caller still gets its own row, and its own error: when the shared statement
 * fails, every row is tried again alone, so one bad row fails only its own request.
 *
 * Only for inserts outside a transaction (the statement commits by itself).
 *
 * `BatchedInsert.writeOnly` is for callers that need no row back (the refresh's new token
 * pair): its INSERT has no RETURNING, so the database builds no result rows and nothing is
 * matched back to its caller (a refresh's pair: RETURNING * and the matching were a fifth of
 * the pair writer's time on SQLite).
 */
import type { CompiledQuery, Insertable, Kysely, Selectable } from 'kysely';
import { isPostgres } from './dialect.js';
import { markPreparable } from './pg-statements.js';
import { runTemplate, Slot } from './prepared.js';
import type { Database } from './tables.js';

type Row = Record<string, unknown>;

interface Pending {
  row: Row;
  resolve: (row: Row | undefined) => void;
  reject: (err: unknown) => void;
}

/** Large batches split: both dialects cap a statement's parameters (SQLite at 32,766). */
const MAX_ROWS = 500;
/**
 * INSERTs of up to this many rows keep their SQL (prepared.ts): built once per set of
 * columns and row count. Larger ones, rare, are built each time (their SQL is long).
 */
const TEMPLATE_MAX_ROWS = 64;

export class BatchedInsert<N extends keyof Database> {
  private pending: Pending[] = [];
  /** By columns and row count; slot k stands for row k / columns, column k % columns. */
  private readonly templates = new Map<string, CompiledQuery<Row>>();

  private readonly onPostgres: boolean;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly table: N,
    /** Whether callers get their row back (RETURNING *). */
    private readonly returning = true,
  ) {
    this.onPostgres = isPostgres(db);
  }

  /** Inserts whose callers need only to know that their row was written. */
  static writeOnly<N extends keyof Database>(db: Kysely<Database>, table: N): WriteOnlyInsert<N> {
    const batcher = new BatchedInsert(db, table, false);
    return { insert: (row) => batcher.enqueue(row).then(() => undefined) };
  }

  insert(row: Insertable<Database[N]>): Promise<Selectable<Database[N]>> {
    return this.enqueue(row) as Promise<Selectable<Database[N]>>;
  }

  private enqueue(row: Insertable<Database[N]>): Promise<Row | undefined> {
    if (this.pending.length === 0) setImmediate(() => void this.flush());
    return new Promise<Row | undefined>((resolve, reject) => this.pending.push({ row, resolve, reject }));
  }

  private async flush(): Promise<void> {
    const batch = this.pending;
    this.pending = [];
    // A multi-row VALUES needs the same columns in every row.
    const byShape = new Map<string, Pending[]>();
    for (const p of batch) {
      // Kysely leaves out columns given as undefined: so does the shape (the column's default).
      if (Object.values(p.row).includes(undefined)) p.row = Object.fromEntries(Object.entries(p.row).filter(([, v]) => v !== undefined));
      const shape = Object.keys(p.row).sort().join(',');
      const group = byShape.get(shape);
      if (group) group.push(p);
      else byShape.set(shape, [p]);
    }
    for (const group of byShape.values()) {
      if (this.onPostgres) {
        for (let i = 0; i < group.length; i += MAX_ROWS) await this.run(group.slice(i, i + MAX_ROWS));
      } else {
        // All in this turn: the driver commits them as one group (sqlite-driver.ts).
        await Promise.all(powerOfTwoChunks(group).map((chunk) => this.run(chunk)));
      }
    }
  }

  private async run(group: Pending[]): Promise<void> {
    if (group.length === 1) {
      const p = group[0]!;
      await this.insertRows([p.row]).then(
        ([row]) => p.resolve(row),
        (err: unknown) => p.reject(err),
      );
      return;
    }
    let inserted: Row[];
    try {
      inserted = await this.insertRows(group.map((p) => p.row));
    } catch {
      // Which row failed is not said: each is tried alone and answers for itself.
      await Promise.all(group.map((p) => this.run([p])));
      return;
    }
    if (!this.returning) {
      for (const p of group) p.resolve(undefined);
      return;
    }
    const columns = Object.keys(group[0]!.row);
    // Neither dialect promises RETURNING in VALUES order, though both answer in it today: the
    // rows are handed out in order when each holds its request's values, else matched to
    // their requests by the values inserted (equal rows are interchangeable).
    if (inserted.length === group.length && group.every((p, i) => sameValues(inserted[i]!, p.row, columns))) {
      group.forEach((p, i) => p.resolve(inserted[i]));
      return;
    }
    const byContent = new Map<string, Row[]>();
    for (const row of inserted) {
      const key = contentKey(row, columns);
      const same = byContent.get(key);
      if (same) same.push(row);
      else byContent.set(key, [row]);
    }
    for (const p of group) {
      const row = byContent.get(contentKey(p.row, columns))?.shift();
      if (row) p.resolve(row);
      else p.reject(new Error(`batched insert into ${this.table}: no returned row matches the row inserted`));
    }
  }

  private insertRows(rows: Row[]): Promise<Row[]> {
    // Kysely's generic insert typing does not follow a table name held in a type parameter.
    const db = this.db as unknown as Kysely<Record<string, Row>>;
    // Expressions (sql`…`, objects) change the SQL itself: only plain values fill a template.
    if (rows.length > TEMPLATE_MAX_ROWS || !rows.every(plainValues)) {
      const insert = db.insertInto(this.table).values(rows);
      return this.returning ? insert.returningAll().execute() : insert.execute().then(() => []);
    }
    const columns = Object.keys(rows[0]!).sort();
    const key = `${rows.length}:${columns.join(',')}`;
    let t = this.templates.get(key);
    if (!t) {
      const slots = rows.map((_, i) => Object.fromEntries(columns.map((c, j) => [c, new Slot(i * columns.length + j)])));
      const insert = db.insertInto(this.table).values(slots);
      t = (this.returning ? insert.returningAll() : insert).compile();
      markPreparable(t.sql);
      this.templates.set(key, t);
    }
    const n = columns.length;
    return runTemplate(this.db, t, (slot) => rows[Math.floor(slot.key / n)]![columns[slot.key % n]!]);
  }
}

/**
 * SQLite: a batch as INSERTs of 64, 32, ..., 2 and 1 rows (13 = 8 + 4 + 1). SQLite keeps a
 * compiled program for every statement prepared, and an INSERT of n rows holds n rows' worth
 * of it: a statement for every batch size from 1 to 64 held 3–3.5 MB a table (measured), these
 * seven 0.2 MB. The statements of a batch still share one commit; on SQLite a statement more
 * is a call into the library, not a round trip (PostgreSQL keeps one INSERT a batch).
 */
function powerOfTwoChunks<T>(items: T[]): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length;) {
    let size = TEMPLATE_MAX_ROWS;
    while (size > items.length - i) size /= 2;
    chunks.push(items.slice(i, i + size));
    i += size;
  }
  return chunks;
}

/** A BatchedInsert whose callers get no row back. */
export interface WriteOnlyInsert<N extends keyof Database> {
  insert(row: Insertable<Database[N]>): Promise<void>;
}

function plainValues(row: Row): boolean {
  for (const k in row) {
    const v = row[k];
    if (typeof v === 'object' && v !== null) return false;
  }
  return true;
}

/** A value as text: a driver may hand back 5 for the 5n it was given, or the reverse. */
function valueText(value: unknown): string | null {
  const v = value as string | number | bigint | null | undefined;
  return v === null || v === undefined ? null : String(v);
}

/** Whether `returned` holds `given`'s values (as contentKey would tell). */
function sameValues(returned: Row, given: Row, columns: string[]): boolean {
  for (const c of columns) {
    if (returned[c] !== given[c] && valueText(returned[c]) !== valueText(given[c])) return false;
  }
  return true;
}

function contentKey(row: Row, columns: string[]): string {
  return JSON.stringify(columns.map((c) => valueText(row[c])));
}
