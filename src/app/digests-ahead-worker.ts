import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { chainHash } from '../ledger/chain.js';
import type { Fact } from '../ledger/fact.js';
import { planFacts, type ExistingSubject, type ScenarioDocument } from '../ledger/plan-facts.js';
import { sha256 } from '../platform/sha256.js';
import { readScenarioFile } from './scenario-file.js';

/** What the importing thread sends, in this order. */
export type ToDigestsWorker =
  | { files: { file: string; text: string }[] }
  | { existing: Map<string, ExistingSubject> }
  | {
      /**
       * Where to start: the first fact the importing thread had to link itself once the worker was
       * ready, with the link it made (its previous hash, seq, recorded at and by).
       */
      from: number;
      prev: string;
      seq: number;
      recordedAt: string;
      recordedBy: string;
    };

/** What the worker posts on its port: the fact count once, then batches of texts and keys. */
export type FromDigestsWorker =
  | { facts: number }
  | {
      from: number;
      /** The batch's fact texts joined by newlines (canonical JSON holds none). */
      texts: string;
      /** Their SHA-256 keys, 64 hex digits each, concatenated. */
      keys: string;
      /**
       * Their chain hashes, the same way, were every fact from the start on appended; `prev` and
       * `seq` are the first one's.
       */
      hashes: string;
      prev: string;
      seq: number;
    };

export interface DigestsWorkerData {
  port: MessagePort;
  /** [0]: the index the importing thread has reached. */
  reached: Int32Array;
  batch: number;
  /** How many batches the worker may run ahead of the importing thread. */
  lead: number;
}

const { port, reached, batch, lead } = workerData as DigestsWorkerData;
const inbox: ToDigestsWorker[] = [];
let wake: (() => void) | undefined;
parentPort?.on('message', (message: ToDigestsWorker) => {
  inbox.push(message);
  wake?.();
});
const next = async (): Promise<ToDigestsWorker> => {
  while (inbox.length === 0) await new Promise<void>((resolve) => (wake = resolve));
  return inbox.shift() as ToDigestsWorker;
};

// The same parse and plan as the importing thread, from the same texts and the same ledger lookup:
// the facts come out the same, in the same order. Anything refused is the importing thread's to
// report; here it just ends the work.
const first = await next();
const documents: ScenarioDocument[] = [];
if ('files' in first)
  for (const { file, text } of first.files) {
    const read = readScenarioFile(file, text);
    if (read.ok) documents.push({ file, scenario: read.scenario });
  }
const second = await next();
const plan =
  'existing' in second && documents.length > 0
    ? planFacts({ documents, existing: second.existing, sha256 })
    : undefined;
const facts: readonly Fact[] = plan?.ok === true ? plan.facts : [];
port.postMessage({ facts: plan?.ok === true ? facts.length : -1 } satisfies FromDigestsWorker);

// The importing thread has been linking records itself meanwhile; it says where it is when it
// learns the worker is ready, and the worker starts there: the chain needs the hash before it,
// which only the importing thread has.
const start = facts.length > 0 ? await next() : undefined;
if (start !== undefined && 'from' in start) {
  const link = {
    factKey: '',
    seq: start.seq - 1,
    recordedAt: start.recordedAt,
    recordedBy: start.recordedBy,
  };
  let { prev } = start;
  for (let from = start.from; from < facts.length; from += batch) {
    // Far enough ahead of the importing thread: wait for it, rather than fill its inbox.
    for (
      let at = Atomics.load(reached, 0);
      from >= at + batch * lead;
      at = Atomics.load(reached, 0)
    )
      Atomics.wait(reached, 0, at, 50);
    const to = Math.min(facts.length, from + batch);
    const message = { from, texts: '', keys: '', hashes: '', prev, seq: link.seq + 1 };
    const texts: string[] = [];
    for (let index = from; index < to; index += 1) {
      const text = (facts[index] as Fact).text;
      texts.push(text);
      link.factKey = sha256(text);
      link.seq += 1;
      prev = chainHash(prev, link, sha256);
      message.keys += link.factKey;
      message.hashes += prev;
    }
    message.texts = texts.join('\n');
    port.postMessage(message satisfies FromDigestsWorker);
  }
}
port.close();
