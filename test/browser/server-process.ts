import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The built CLI, as a user runs it: browser tests drive the real server, not a test double. */
export const BIN = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  /** Everything the server wrote to stdout (the address line, then one log line per request). */
  output(): string;
  stop(): Promise<void>;
}

/** Seed `db` with the bundled scenario through the CLI (without serving). */
export function seedLedger(db: string): void {
  const result = spawnSync(process.execPath, [BIN, '--db', db, 'start', '--no-serve'], {
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`seeding failed: ${result.stderr}`);
}

/** `stargate serve --port 0` on `db`; resolves with the address it prints once it listens. */
export function startServer(db: string): Promise<ServerProcess> {
  const child = spawn(process.execPath, [BIN, '--db', db, 'serve', '--port', '0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start: ${stderr}`)), 60_000);
    child.once('exit', (code) => reject(new Error(`server exited with ${code}: ${stderr}`)));
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /at (http:\/\/\S+\/) /.exec(stdout);
      if (!match?.[1]) return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      resolve({
        url: match[1],
        child,
        output: () => stdout,
        stop: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null) return done();
            child.once('exit', () => done());
            child.kill('SIGTERM');
          }),
      });
    });
  });
}
