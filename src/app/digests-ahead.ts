import {
  MessageChannel,
  receiveMessageOnPort,
  Worker,
  type MessagePort,
} from 'node:worker_threads';
import type { Fact } from '../ledger/fact.js';
import type { ExistingSubject } from '../ledger/plan-facts.js';
import type { FactDigests } from '../store/ledger-store.js';
import type {
  DigestsWorkerData,
  FromDigestsWorker,
  ToDigestsWorker,
} from './digests-ahead-worker.js';

/** Facts per message: large enough that posting is cheap, small enough to start early. */
const BATCH = 4096;
/** Batches the worker may run ahead (about 3 MB of texts and keys in flight at 1M facts). */
const LEAD = 8;

/**
 * Fact texts and keys worked out on a second thread during a large import. Building each fact's
 * canonical text and its SHA-256 key is about a sixth of the import's work, and the importing
 * thread cannot start on it before it has planned every fact. So the worker parses and plans the
 * same files from the same texts meanwhile (the other core is idle), then hands over texts and
 * keys in batches while the importing thread appends.
 *
 * Nothing waits on the worker. The store asks for each fact in order (`FactDigests`): a batch that
 * has arrived is used, otherwise the store works the fact out itself and the worker skips batches
 * the store has passed. A worker that is slow, fails or plans differently (checked: the fact count,
 * and each batch's first text against the importing thread's own) costs time, never a wrong record.
 */
export class DigestsAhead implements FactDigests {
  readonly #worker: Worker;
  readonly #port: MessagePort;
  readonly #reached: Int32Array;
  #facts: readonly Fact[] | undefined;
  /** Off when the worker's plan does not match, or it is stopped. */
  #on = true;
  #used = 0;
  #chained = 0;
  #from = 0;
  #to = 0;
  #texts: string[] = [];
  #keys = '';
  #hashes = '';
  #prev = '';
  #seq = 0;
  readonly #recordedAt: string;
  readonly #recordedBy: string;
  #pending: Extract<FromDigestsWorker, { from: number }> | undefined;

  private constructor(
    files: readonly { file: string; text: string }[],
    recorded: { recordedAt: string; recordedBy: string },
  ) {
    this.#recordedAt = recorded.recordedAt;
    this.#recordedBy = recorded.recordedBy;
    const { port1, port2 } = new MessageChannel();
    this.#port = port1;
    this.#reached = new Int32Array(new SharedArrayBuffer(4));
    const fromSource = import.meta.url.endsWith('.ts');
    const entry = new URL(`./digests-ahead-worker${fromSource ? '.ts' : '.js'}`, import.meta.url);
    const workerData: DigestsWorkerData = {
      port: port2,
      reached: this.#reached,
      batch: BATCH,
      lead: LEAD,
    };
    const options = { workerData, transferList: [port2] };
    this.#worker = fromSource
      ? new Worker(
          `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(entry.href)}); });`,
          { ...options, eval: true },
        )
      : new Worker(entry, options);
    // A worker that fails only stops helping: the store does the work itself.
    this.#worker.on('error', () => this.stop());
    this.#worker.unref();
    this.#post({
      files: files.map(({ file, text }) => ({ file, text })),
      recordedAt: recorded.recordedAt,
      recordedBy: recorded.recordedBy,
    });
  }

  /** Start parsing `files` on a second thread, for records recorded at and by these. */
  static start(
    files: readonly { file: string; text: string }[],
    recorded: { recordedAt: string; recordedBy: string },
  ): DigestsAhead {
    return new DigestsAhead(files, recorded);
  }

  /**
   * Hand the worker the ledger lookup the plan was made with, so it plans the same facts, and the
   * ledger's head, to chain them after.
   */
  plan(existing: Map<string, ExistingSubject>, head: { seq: number; hash: string }): void {
    this.#post({ existing, head });
  }

  /** The facts this thread planned: the worker's must match them. */
  expect(facts: readonly Fact[]): void {
    this.#facts = facts;
  }

  /** How many facts' texts and keys were taken from the worker. */
  get used(): number {
    return this.#used;
  }

  /** How many records' chain hashes were taken from the worker. */
  get chained(): number {
    return this.#chained;
  }

  /** False once stopped, or once the worker's plan turned out not to match this thread's. */
  get running(): boolean {
    return this.#on;
  }

  textOf(index: number): string | undefined {
    if (index >= this.#to || index < this.#from) {
      if (!this.#on || !this.#advance(index)) return undefined;
    }
    this.#used += 1;
    return this.#texts[index - this.#from];
  }

  keyOf(index: number): string {
    const at = (index - this.#from) * 64;
    return this.#keys.slice(at, at + 64);
  }

  chainOf(
    index: number,
    prev: string,
    link: { factKey: string; seq: number; recordedAt: string; recordedBy: string },
  ): string | undefined {
    // The worker's hash holds only if the store links this fact as the worker did: after the same
    // previous hash, at the same seq, recorded at and by the same (a skipped fact or another
    // writer's append since the import started changes the first two).
    if (index < this.#from || index >= this.#to || this.#hashes === '') return undefined;
    const at = (index - this.#from) * 64;
    const assumed = at === 0 ? this.#prev : this.#hashes.slice(at - 64, at);
    if (
      prev !== assumed ||
      link.seq !== this.#seq + index - this.#from ||
      link.factKey !== this.keyOf(index) ||
      link.recordedAt !== this.#recordedAt ||
      link.recordedBy !== this.#recordedBy
    )
      return undefined;
    this.#chained += 1;
    return this.#hashes.slice(at, at + 64);
  }

  /** Stop the worker (at the end of the import, or on its failure). */
  stop(): void {
    this.#on = false;
    this.#texts = [];
    this.#keys = this.#hashes = '';
    this.#from = this.#to = 0;
    this.#port.close();
    void this.#worker.terminate();
  }

  #post(message: ToDigestsWorker): void {
    this.#worker.postMessage(message);
  }

  /** Load the batch holding `index`, if it has arrived; drop batches behind it. */
  #advance(index: number): boolean {
    Atomics.store(this.#reached, 0, index);
    Atomics.notify(this.#reached, 0);
    for (;;) {
      if (this.#pending === undefined) {
        const received = receiveMessageOnPort(this.#port);
        if (received === undefined) return false;
        const message = received.message as FromDigestsWorker;
        if ('facts' in message) {
          if (message.facts !== this.#facts?.length) this.stop();
          if (!this.#on) return false;
          continue;
        }
        this.#pending = message;
      }
      const batch = this.#pending;
      const count = batch.keys.length / 64;
      if (batch.from + count <= index) {
        this.#pending = undefined;
        continue;
      }
      if (batch.from > index) return false;
      this.#pending = undefined;
      const texts = batch.texts.split('\n');
      if (texts.length !== count || texts[0] !== this.#facts?.[batch.from]?.text) {
        this.stop();
        return false;
      }
      this.#texts = texts;
      this.#keys = batch.keys;
      this.#hashes = batch.hashes;
      this.#prev = batch.prev;
      this.#seq = batch.seq;
      this.#from = batch.from;
      this.#to = batch.from + count;
      return true;
    }
  }
}
