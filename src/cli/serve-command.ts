import { createRequire } from 'node:module';
import { StargateError } from '../errors.js';
import { sha256 } from '../platform/sha256.js';

export interface ServeOptions {
  port: string;
  host: string;
  readOnly?: boolean;
}

const VERSION = (createRequire(import.meta.url)('../../package.json') as { version: string })
  .version;

function portOf(text: string): number {
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65535)
    throw new StargateError('usage', `--port: expected 0–65535, got "${text}"`);
  return port;
}

/**
 * `stargate serve`: the API and the dashboard on the ledger file until SIGINT or SIGTERM. Prints the
 * address on stdout (`serving … at URL`) once it listens, then one log line per request.
 */
export async function serveCommand(options: ServeOptions & { db: string }): Promise<void> {
  const port = portOf(options.port);
  const { SqliteLedgerStore } = await import('../store/sqlite/sqlite-ledger-store.js');
  const { serveLedger } = await import('../server/serve-ledger.js');
  const { SqlitePlanRunStore } = await import('../store/sqlite/sqlite-plan-run-store.js');
  const { SqliteRiskRunStore } = await import('../store/sqlite/sqlite-risk-run-store.js');
  const store = SqliteLedgerStore.open(options.db, { sha256 });
  // Plan and risk runs live in the ledger file, as the CLI keeps them.
  const plans = SqlitePlanRunStore.open(options.db);
  const risks = SqliteRiskRunStore.open(options.db);
  try {
    const server = await serveLedger({
      store,
      plans,
      risks,
      sha256,
      host: options.host,
      port,
      version: VERSION,
      readOnly: options.readOnly === true,
    });
    process.stdout.write(
      `serving ${store.location}${options.readOnly ? ' read-only' : ''} at ${server.url} (dashboard; API docs at ${server.url}docs) — Ctrl-C to stop\n`,
    );
    await new Promise<void>((resolve) => {
      const stop = () => resolve();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    await server.close();
  } finally {
    await plans.close();
    await risks.close();
    await store.close();
  }
}
