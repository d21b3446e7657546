import type Database from 'better-sqlite3';
import type { PlanRun } from '../../planner/plan-run.js';
import type { PlanRunStore, StoredPlanRunSummary } from '../plan-run-store.js';
import { openLedgerFile } from './open-connection.js';

/** Planner runs in the ledger's SQLite file (table `plan_runs`, migration v2). */
export class SqlitePlanRunStore implements PlanRunStore {
  readonly #db: Database.Database;

  private constructor(db: Database.Database) {
    this.#db = db;
  }

  static open(path: string): SqlitePlanRunStore {
    return new SqlitePlanRunStore(openLedgerFile(path, { what: 'plan runs' }));
  }

  async save(run: PlanRun, inputs: unknown): Promise<number> {
    const info = this.#db
      .prepare(
        `INSERT INTO plan_runs (created_at, program, scenario, as_of, known_at, inputs_hash, status, inputs, run)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        run.createdAt,
        run.program,
        run.scenario,
        run.asOf,
        run.knownAt,
        run.inputsHash,
        run.solver.status,
        JSON.stringify(inputs),
        JSON.stringify(run),
      );
    const id = Number(info.lastInsertRowid);
    this.#db
      .prepare('UPDATE plan_runs SET run = json_set(run, ?, ?) WHERE id = ?')
      .run('$.id', id, id);
    return id;
  }

  async get(id: number): Promise<PlanRun | undefined> {
    const row = this.#db.prepare('SELECT run FROM plan_runs WHERE id = ?').get(id) as
      { run: string } | undefined;
    return row ? (JSON.parse(row.run) as PlanRun) : undefined;
  }

  async list(): Promise<StoredPlanRunSummary[]> {
    return this.#db
      .prepare(
        `SELECT id, created_at AS createdAt, program, scenario, as_of AS asOf, known_at AS knownAt,
                inputs_hash AS inputsHash, status FROM plan_runs ORDER BY id`,
      )
      .all() as StoredPlanRunSummary[];
  }

  async close(): Promise<void> {
    this.#db.close();
  }
}
