import type Database from 'better-sqlite3';

/**
 * The `names` table seen from one connection: field names, sources and valid texts as small codes,
 * so that timeline entries are fixed-width integers and a view turns a code back into one shared
 * string. A few hundred names serve a million cells.
 *
 * Codes are handed out in an append's transaction and never change, so the cache here stays right
 * across transactions and other connections: a code it has not seen is read on demand. The one case
 * to undo is a transaction of this connection that rolls back: `rollBackTo` forgets the codes it
 * handed out.
 */
export class TimelineNames {
  readonly #names: string[] = [];
  readonly #codes = new Map<string, number>();
  readonly #readFrom: Database.Statement;
  readonly #insert: Database.Statement;

  constructor(db: Database.Database) {
    this.#readFrom = db.prepare('SELECT code, name FROM names WHERE code >= ? ORDER BY code').raw();
    this.#insert = db.prepare('INSERT INTO names (code, name) VALUES (?, ?)');
  }

  /** How many codes are known: a mark for `rollBackTo`. */
  get size(): number {
    return this.#names.length;
  }

  /** Read the codes other connections (or earlier runs) added. */
  refresh(): void {
    for (const [code, name] of this.#readFrom.all(this.#names.length) as [number, string][]) {
      if (code !== this.#names.length)
        throw new Error(`the names table skips code ${this.#names.length}`);
      this.#names.push(name);
      this.#codes.set(name, code);
    }
  }

  /** The name of a code; throws for a code that is not in the table (a damaged row). */
  nameOf(code: number): string {
    let name = this.#names[code];
    if (name === undefined) {
      this.refresh();
      name = this.#names[code];
      if (name === undefined)
        throw new Error(`timeline name code ${code} is not in the names table`);
    }
    return name;
  }

  /** The code of a name, or undefined when no cell uses it yet. Call `refresh` first. */
  find(name: string): number | undefined {
    return this.#codes.get(name);
  }

  /** The code of a name, adding it. Only inside a write transaction, after `refresh`. */
  codeOf(name: string): number {
    let code = this.#codes.get(name);
    if (code === undefined) {
      code = this.#names.length;
      this.#insert.run(code, name);
      this.#names.push(name);
      this.#codes.set(name, code);
    }
    return code;
  }

  /** Forget the codes added after `size` was `mark` (their transaction rolled back). */
  rollBackTo(mark: number): void {
    for (const name of this.#names.splice(mark)) this.#codes.delete(name);
  }
}
