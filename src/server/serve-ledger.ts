import { serve } from '@hono/node-server';
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { pino, type Logger } from 'pino';
import { anyRunKind, type RunKind } from '../app/run-kind.js';
import { BUNDLED_RISK_REFERENCE, BUNDLED_RISK_REFERENCE_NAME } from '../app/bundled-files.js';
import { planRunKind } from '../app/plan-run-kind.js';
import { readRiskReference } from '../app/risk-reference-file.js';
import { riskRunKind } from '../app/risk-run-kind.js';
import { VERIFY_RUN } from '../app/verify-run.js';
import { sha256 } from '../platform/sha256.js';
import { WorkerSolver } from '../solver/worker-solver.js';
import type { PlanRunStore } from '../store/plan-run-store.js';
import type { RiskRunStore } from '../store/risk-run-store.js';
import { StargateError } from '../errors.js';
import type { Hasher } from '../ledger/hasher.js';
import type { LedgerStore } from '../store/ledger-store.js';
import { createHttpApp } from './http-app.js';
import { RunRegistry } from './run-registry.js';

/** The dashboard as Vite builds it: `dist/web` at the package root, from `src/server` or `dist/server`. */
export const WEB_ROOT = fileURLToPath(new URL('../../dist/web/', import.meta.url));

/**
 * The run kinds the server offers: verification, the planner (HiGHS in a worker thread, kept warm
 * between runs) and the risk model (on both cores, with the bundled reference data).
 */
export function serverRunKinds(): RunKind[] {
  return [
    anyRunKind(VERIFY_RUN),
    anyRunKind(planRunKind(() => WorkerSolver.start())),
    anyRunKind(
      riskRunKind({
        workers: Math.max(1, Math.min(2, availableParallelism())),
        loadReference: async () => {
          const text = await readFile(BUNDLED_RISK_REFERENCE, 'utf8');
          return {
            file: BUNDLED_RISK_REFERENCE_NAME,
            sha256: sha256(text),
            data: readRiskReference(BUNDLED_RISK_REFERENCE, text),
          };
        },
      }),
    ),
  ];
}

export function requestLogger(level = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({ level, base: undefined, timestamp: pino.stdTimeFunctions.isoTime });
}

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

/** Serve the API and the dashboard on the ledger until `close()`. */
export async function serveLedger(options: {
  store: LedgerStore;
  plans: PlanRunStore;
  risks: RiskRunStore;
  sha256: Hasher;
  host: string;
  port: number;
  version: string;
  logger?: Logger;
  webRoot?: string;
  maxBodyBytes?: number;
  readOnly?: boolean;
}): Promise<RunningServer> {
  const { store, plans, risks } = options;
  const hasher = options.sha256;
  const today = () => new Date().toISOString().slice(0, 10);
  const runs = new RunRegistry({
    kinds: serverRunKinds(),
    context: () => ({ store, plans, risks, sha256: hasher, today: today() }),
  });
  const app = createHttpApp({
    deps: {
      store,
      plans,
      risks,
      sha256: hasher,
      runs,
      today,
      version: options.version,
      readOnly: options.readOnly === true,
    },
    logger: options.logger ?? requestLogger(),
    webRoot: options.webRoot ?? WEB_ROOT,
    maxBodyBytes: options.maxBodyBytes,
  });
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, hostname: options.host, port: options.port });
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'EADDRINUSE'
          ? new StargateError(
              'usage',
              `port ${options.port} on ${options.host} is in use; choose another with --port`,
              { cause: error },
            )
          : new StargateError('internal', `cannot listen: ${error.message}`, { cause: error }),
      );
    });
    server.once('listening', () => {
      const { port } = server.address() as AddressInfo;
      const host = options.host.includes(':') ? `[${options.host}]` : options.host;
      resolve({
        url: `http://${host}:${port}/`,
        close: async () => {
          runs.abort();
          const closed = new Promise<void>((done) => server.close(() => done()));
          // Open event streams would hold the server up: end every connection.
          if ('closeAllConnections' in server) server.closeAllConnections();
          await closed;
          await runs.close();
        },
      });
    });
  });
}
