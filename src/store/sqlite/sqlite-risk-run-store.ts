import type Database from 'better-sqlite3';
import type { RiskRun } from '../../risk/risk-run.js';
import type { RiskRunStore, StoredRiskRunSummary } from '../risk-run-store.js';
import { openLedgerFile } from './open-connection.js';

/** Risk runs in the ledger's SQLite file (table `risk_runs`, migration v3). */
export class SqliteRiskRunStore implements RiskRunStore {
  readonly #db: Database.Database;

  private constructor(db: Database.Database) {
    this.#db = db;
  }

  static open(path: string): SqliteRiskRunStore {
    return new SqliteRiskRunStore(openLedgerFile(path, { what: 'risk runs' }));
  }

  async save(run: RiskRun): Promise<number> {
    const info = this.#db
      .prepare(
        `INSERT INTO risk_runs (created_at, program, as_of, known_at, seed, trials, inputs_hash, result_hash, run)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        run.createdAt,
        run.program,
        run.asOf,
        run.knownAt,
        run.seed,
        run.trials,
        run.inputsHash,
        run.resultHash,
        JSON.stringify(run),
      );
    const id = Number(info.lastInsertRowid);
    this.#db
      .prepare('UPDATE risk_runs SET run = json_set(run, ?, ?) WHERE id = ?')
      .run('$.id', id, id);
    return id;
  }

  async get(id: number): Promise<RiskRun | undefined> {
    const row = this.#db.prepare('SELECT run FROM risk_runs WHERE id = ?').get(id) as
      { run: string } | undefined;
    return row ? (JSON.parse(row.run) as RiskRun) : undefined;
  }

  async list(): Promise<StoredRiskRunSummary[]> {
    return this.#db
      .prepare(
        `SELECT id, created_at AS createdAt, program, as_of AS asOf, known_at AS knownAt, seed, trials,
                inputs_hash AS inputsHash, result_hash AS resultHash FROM risk_runs ORDER BY id`,
      )
      .all() as StoredRiskRunSummary[];
  }

  async close(): Promise<void> {
    this.#db.close();
  }
}
