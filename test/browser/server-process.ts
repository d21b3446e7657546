import { spawn, type ChildProcess } from 'node:child_process';
import { BIN, runStargate } from '../support/cli.js';

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  /** Everything the server wrote to stdout (the address line, then one log line per request). */
  output(): string;
  stop(): Promise<void>;
}

/** Seed `db` with the bundled scenario through the CLI (without serving). */
export function seedLedger(db: string): void {
  const result = runStargate(['--db', db, 'start', '--no-serve'], { cwd: process.cwd() });
  if (result.code !== 0) throw new Error(`seeding failed: ${result.stderr}`);
}

/** `stargate serve --port 0 [EXTRA]` on `db`; resolves with the address it prints once it listens. */
export function startServer(db: string, extra: readonly string[] = []): Promise<ServerProcess> {
  const child = spawn(process.execPath, [BIN, '--db', db, 'serve', '--port', '0', ...extra], {
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
