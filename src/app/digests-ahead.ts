import { freemem } from 'node:os';
import {
  MessageChannel,
  receiveMessageOnPort,
  type MessagePort,
  type Worker,
} from 'node:worker_threads';
import type { Fact } from '../ledger/fact.js';
import type { ExistingSubject } from '../ledger/plan-facts.js';
import { startWorker } from '../platform/start-worker.js';
import type { DigestsHelper } from './import-scenarios.js';
import type {
  DigestsWorkerData,
  FromDigestsWorker,
  ToDigestsWorker,
} from './digests-ahead-worker.js';

/**
 * From this much input text on, an import gets a worker (`DigestsAhead.forImport`). Below it, the
 * worker's start (about a quarter of a second, loading the parser) would cost more than it saves.
 */
export const DIGESTS_AHEAD_MIN_CHARS = 4_000_000;

/** Facts per message: large enough that posting is cheap, small enough to start early. */
const BATCH = 4096;
/** While the worker is behind, the facts between two looks for its next batch. */
const LOOK_EVERY = 64;
/** Batches the worker may run ahead (about 3 MB of texts and keys in flight at 1M facts). */
const LEAD = 8;

/**
 * Fact texts, keys and chain hashes worked out on a second thread during a large import. Building
 * each fact's canonical text and hashing it and its record's link is about a third of the append,
 * and the importing thread cannot start on it before it has planned every fact. So the worker
 * parses and plans the same files from the same texts meanwhile (the other core is idle), and once
 * ready, takes over from where the importing thread is, handing texts, keys and hashes over in
 * batches.
 *
 * Nothing waits on the worker. The store asks for each fact in order (`FactDigests`): what has
 * arrived is used, the rest the store works out itself. The worker starts from the first record the
 * store links itself after the worker is ready (`chainOf`), since its chain needs the hash before.
 * A chain hash is used only if the store links the fact as the worker assumed (after the same hash,
 * at the same seq: a fact skipped since changes both). A worker that is slow, fails or plans
 * differently (checked: the fact count, and each batch's first text against this thread's own)
 * costs time, never a wrong record.
 */
export class DigestsAhead implements DigestsHelper {
  readonly #worker: Worker;
  readonly #port: MessagePort;
  readonly #reached: Int32Array;
  #facts: readonly Fact[] | undefined;
  /** Off when the worker's plan does not match, or it is stopped. */
  #on = true;
  /** The worker has planned the same number of facts and waits to be told where to start. */
  #ready = false;
  #started = false;
  #used = 0;
  #chained = 0;
  #from = 0;
  #to = 0;
  #texts: string[] = [];
  #keys = '';
  #hashes = '';
  #prev = '';
  #seq = 0;
  #recordedAt = '';
  #recordedBy = '';
  /** No batch is looked for before this index (looking costs about a microsecond). */
  #quietUntil = 0;
  #asked = -1;
  #pending: Extract<FromDigestsWorker, { texts: string }> | undefined;

  private constructor(files: readonly { file: string; text: string }[]) {
    const { port1, port2 } = new MessageChannel();
    this.#port = port1;
    this.#reached = new Int32Array(new SharedArrayBuffer(4));
    const workerData: DigestsWorkerData = {
      port: port2,
      reached: this.#reached,
      batch: BATCH,
      lead: LEAD,
    };
    this.#worker = startWorker(import.meta.url, 'digests-ahead-worker', {
      workerData,
      transferList: [port2],
    });
    // A worker that fails only stops helping: the store does the work itself.
    this.#worker.on('error', () => this.stop());
    this.#worker.unref();
    this.#post({ files: files.map(({ file, text }) => ({ file, text })) });
  }

  /**
   * Whether memory allows a second parsed copy of inputs this long. The worker's heap holds its own
   * parse and plan: 633 MiB more peak RSS for the bench's 116 MB file, about 6 bytes per character.
   * It starts only with twice that free, so that helping never risks running a machine out of memory.
   */
  static affordable(chars: number): boolean {
    return freemem() >= chars * 12;
  }

  /** A worker for an import of these files, if they are long enough and memory allows. */
  static forImport(files: readonly { file: string; text: string }[]): DigestsAhead | undefined {
    const chars = files.reduce((n, f) => n + f.text.length, 0);
    return chars >= DIGESTS_AHEAD_MIN_CHARS && DigestsAhead.affordable(chars)
      ? DigestsAhead.start(files)
      : undefined;
  }

  /** Start parsing `files` on a second thread, whatever their length. */
  static start(files: readonly { file: string; text: string }[]): DigestsAhead {
    return new DigestsAhead(files);
  }

  /** Hand the worker the ledger lookup the plan was made with, so it plans the same facts. */
  plan(existing: Map<string, ExistingSubject>): void {
    this.#post({ existing });
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

  /** Whether the worker has planned the same facts as this thread (and waits for a start). */
  get ready(): boolean {
    return this.#ready;
  }

  /** False once stopped, or once the worker's plan turned out not to match this thread's. */
  get running(): boolean {
    return this.#on;
  }

  textOf(index: number): string | undefined {
    if (index >= this.#to || index < this.#from) {
      // Between two looks, facts are not looked for; asked for the same fact again, it looks.
      const again = index === this.#asked;
      this.#asked = index;
      if (!this.#on || (!again && index < this.#quietUntil) || !this.#advance(index))
        return undefined;
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
    if (index < this.#from || index >= this.#to) {
      // A record linked here: once the worker is ready, it starts from this one.
      if (this.#ready && !this.#started) {
        this.#started = true;
        this.#recordedAt = link.recordedAt;
        this.#recordedBy = link.recordedBy;
        this.#post({
          from: index,
          prev,
          seq: link.seq,
          recordedAt: link.recordedAt,
          recordedBy: link.recordedBy,
        });
      }
      return undefined;
    }
    const at = (index - this.#from) * 64;
    const assumed = at === 0 ? this.#prev : this.#hashes.slice(at - 64, at);
    if (
      prev !== assumed ||
      link.seq !== this.#seq + index - this.#from ||
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
        if (received === undefined) {
          this.#quietUntil = index + LOOK_EVERY;
          return false;
        }
        const message = received.message as FromDigestsWorker;
        if (!('texts' in message)) {
          if (message.facts === this.#facts?.length) this.#ready = true;
          else this.stop();
          return false;
        }
        this.#pending = message;
      }
      const batch = this.#pending;
      const count = batch.keys.length / 64;
      if (batch.from + count <= index) {
        this.#pending = undefined;
        continue;
      }
      if (batch.from > index) {
        this.#quietUntil = batch.from;
        return false;
      }
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
