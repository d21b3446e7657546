import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { CHROMIUM, launchChromium } from '../test/browser/chromium.js';
import { seedLedger, startServer } from '../test/browser/server-process.js';

/**
 * `npm run bench -- dashboard [--runs N]`: the overview's first load on loopback, as a new visitor
 * sees it (a fresh browser context: empty cache, no cookies), from navigation to the July 2025
 * figures on screen, N times against `stargate serve` on the bundled scenario. The very first
 * navigation of a just-started browser is reported apart: it includes Chromium's own cold start.
 */
const OUT = fileURLToPath(new URL('./out/', import.meta.url));
const BIN = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));

interface Load {
  figuresMs: number;
  domContentLoadedMs: number;
  loadMs: number;
}

function option(args: string[], name: string, fallback: number): number {
  const i = args.indexOf(name);
  if (i < 0) return fallback;
  const n = Number(args[i + 1]);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name}: expected a whole number ≥ 1`);
  return n;
}

async function firstLoad(browser: Browser, url: string): Promise<Load> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const started = performance.now();
  await page.goto(url);
  const figure = page.getByTestId('funnel-contracted-claimed').getByRole('button');
  await figure.waitFor();
  await page.waitForFunction(
    () =>
      document.querySelector('[data-testid="funnel-contracted-claimed"] button')?.textContent ===
      '4.5 GW',
  );
  const figuresMs = performance.now() - started;
  const timing = await page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
    return { dcl: nav.domContentLoadedEventEnd, load: nav.loadEventEnd };
  });
  await context.close();
  return { figuresMs, domContentLoadedMs: timing.dcl, loadMs: timing.load };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};
const ms = (x: number) => `${Math.round(x)} ms`;

export async function runDashboardBench(args: string[]): Promise<void> {
  const runs = option(args, '--runs', 15);
  if (!existsSync(CHROMIUM))
    throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (see .ci/run)`);
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run npm run build first`);
  const dir = mkdtempSync(join(tmpdir(), 'stargate-bench-dashboard-'));
  const loadBefore = loadavg()[0] ?? 0;
  const db = join(dir, 'ledger.db');
  seedLedger(db);
  const server = await startServer(db);
  const browser = await launchChromium();
  try {
    const url = new URL('/?knownAt=2025-07-22', server.url).href;
    const cold = await firstLoad(browser, url);
    const loads: Load[] = [];
    for (let i = 0; i < runs; i += 1) {
      loads.push(await firstLoad(browser, url));
      process.stderr.write(`\r  ${i + 1} / ${runs} loads`);
    }
    process.stderr.write('\n');
    const figures = loads.map((l) => l.figuresMs);
    const result = {
      date: new Date().toISOString(),
      chromium: browser.version(),
      node: process.version,
      load: { before: loadBefore, after: loadavg()[0] ?? 0 },
      runs,
      coldBrowser: cold,
      figuresMs: {
        median: median(figures),
        min: Math.min(...figures),
        max: Math.max(...figures),
        withinTarget: figures.filter((f) => f <= 1000).length,
      },
      domContentLoadedMs: median(loads.map((l) => l.domContentLoadedMs)),
      loadMs: median(loads.map((l) => l.loadMs)),
    };
    mkdirSync(OUT, { recursive: true });
    writeFileSync(join(OUT, 'dashboard-results.json'), `${JSON.stringify(result, null, 2)}\n`);
    process.stdout.write(
      [
        `overview first load on loopback (new browser context each time), ${runs} loads, load average ${loadBefore.toFixed(2)} → ${result.load.after.toFixed(2)}:`,
        `  to the July 2025 figures on screen: median ${ms(result.figuresMs.median)} (min ${ms(result.figuresMs.min)}, max ${ms(result.figuresMs.max)}); ${result.figuresMs.withinTarget} of ${runs} within 1 s`,
        `  DOMContentLoaded median ${ms(result.domContentLoadedMs)}, load event median ${ms(result.loadMs)}`,
        `  the first navigation of a just-started Chromium: ${ms(cold.figuresMs)} to figures (DOMContentLoaded ${ms(cold.domContentLoadedMs)})`,
        `  target ≤ 1 s: ${result.figuresMs.median <= 1000 ? 'met' : 'missed'} (by the median)`,
        `  (written to bench/out/dashboard-results.json)`,
      ].join('\n') + '\n',
    );
  } finally {
    await browser.close();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
