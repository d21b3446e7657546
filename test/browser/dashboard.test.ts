/// <reference lib="dom" />
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, launchChromium } from './chromium.js';
import { seedLedger, startServer, type ServerProcess } from './server-process.js';

/**
 * The dashboard in a real Chromium (Debian's package; `.ci/run` installs it) against the real server
 * on a temporary ledger seeded with the bundled scenario. Screenshots go to test-results/.
 */
const RESULTS = fileURLToPath(new URL('../../test-results/', import.meta.url));
const WEB = fileURLToPath(new URL('../../dist/web/', import.meta.url));
// Without Chromium a developer's run skips these; CI must have it, so there a missing browser fails.
const hasBrowser = existsSync(CHROMIUM) || process.env.CI !== undefined;

let dir: string;
let server: ServerProcess;
let browser: Browser;

beforeAll(async () => {
  if (!hasBrowser) return;
  mkdirSync(RESULTS, { recursive: true });
  dir = mkdtempSync(join(tmpdir(), 'stargate-browser-'));
  const db = join(dir, 'ledger.db');
  seedLedger(db);
  server = await startServer(db);
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function openPage(path: string, width = 1280): Promise<Page> {
  const page = await browser.newPage({ viewport: { width, height: 900 } });
  await page.goto(new URL(path, server.url).href);
  return page;
}

const shot = (page: Page, name: string) =>
  page.screenshot({ path: join(RESULTS, `${name}.png`), fullPage: true });

const cell = (page: Page, stage: string, policy: string) =>
  page.getByTestId(`funnel-${stage}-${policy}`).getByRole('button');

/** The slider's day, from its label. */
const sliderDay = async (page: Page) =>
  (await page.getByTestId('known-at-label').getAttribute('data-day')) ?? '';

function daysFrom(a: string, b: string): number {
  return Math.round((Date.parse(b) - Date.parse(a)) / 86_400_000);
}

/** Step the focused slider with the arrow keys until its label shows `day`. */
async function stepSliderTo(page: Page, day: string): Promise<void> {
  const slider = page.getByTestId('known-at-slider');
  await slider.focus();
  const diff = daysFrom(await sliderDay(page), day);
  for (let i = 0; i < Math.abs(diff); i += 1)
    await slider.press(diff > 0 ? 'ArrowRight' : 'ArrowLeft');
  await expect.poll(() => sliderDay(page)).toBe(day);
}

describe.skipIf(!hasBrowser)('dashboard in Chromium', { timeout: 180_000 }, () => {
  it('loads the overview, and records how long the first load took', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const started = Date.now();
    await page.goto(new URL('/?knownAt=2025-07-22', server.url).href);
    await page.getByTestId('pledge-capacity-10gw').waitFor();
    await cell(page, 'contracted', 'claimed').waitFor();
    const firstLoadMs = Date.now() - started;
    const timing = await page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
      return {
        domContentLoaded: Math.round(nav.domContentLoadedEventEnd),
        load: Math.round(nav.loadEventEnd),
      };
    });
    // Measured and reported, not asserted: the machine is shared and timed assertions would flake.
    writeFileSync(
      join(RESULTS, 'overview-first-load.json'),
      JSON.stringify({ firstLoadMs, ...timing }, null, 2),
    );
    console.log(`overview first load: ${firstLoadMs} ms to figures on screen`, timing);
    await expect.poll(() => cell(page, 'contracted', 'claimed').textContent()).toBe('4.5 GW');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toMatch(/Stargate/);
    await shot(page, 'overview-2025-07-22');
    await page.close();
  });

  it('replays the record: dragging "as known at" from January to July keeps the venture at 0 while claimed reaches 4.5 GW', async () => {
    const page = await openPage('/?knownAt=2025-01-21');
    const slider = page.getByTestId('known-at-slider');
    await cell(page, 'contracted', 'venture').waitFor();
    await expect.poll(() => sliderDay(page)).toBe('2025-01-21');
    expect(await cell(page, 'contracted', 'venture').textContent()).toBe('0 MW');
    expect(await cell(page, 'contracted', 'claimed').textContent()).toBe('0 MW');
    await shot(page, 'overview-2025-01-21');

    // Drag the thumb with the mouse, in steps, to the right; the venture's figure never moves.
    const box = await slider.boundingBox();
    if (!box) throw new Error('no slider on screen');
    const y = box.y + box.height / 2;
    const max = Number(await slider.getAttribute('max'));
    const xOf = (day: string) => box.x + 8 + (daysFrom('2025-01-21', day) / max) * (box.width - 16);
    await page.mouse.move(xOf('2025-01-21'), y);
    await page.mouse.down();
    for (const day of ['2025-03-01', '2025-05-01', '2025-06-15', '2025-07-25']) {
      await page.mouse.move(xOf(day), y, { steps: 5 });
      await expect.poll(() => page.url()).toContain('knownAt=');
      expect(await cell(page, 'contracted', 'venture').textContent()).toBe('0 MW');
    }
    await page.mouse.up();
    const reached = await sliderDay(page);
    expect(reached > '2025-07-03').toBe(true);
    await expect.poll(() => cell(page, 'contracted', 'claimed').textContent()).toBe('4.5 GW');
    expect(await cell(page, 'contracted', 'venture').textContent()).toBe('0 MW');

    // The day it became known: 2 July shows nothing yet, 3 July shows the 4.5 GW (claimed only).
    await stepSliderTo(page, '2025-07-02');
    await expect.poll(() => page.url()).toContain('knownAt=2025-07-02');
    await expect.poll(() => cell(page, 'contracted', 'claimed').textContent()).toBe('0 MW');
    await slider.press('ArrowRight');
    await expect.poll(() => page.url()).toContain('knownAt=2025-07-03');
    await expect.poll(() => cell(page, 'contracted', 'claimed').textContent()).toBe('4.5 GW');
    expect(await cell(page, 'contracted', 'venture').textContent()).toBe('0 MW');
    await shot(page, 'overview-2025-07-03');
    await page.close();
  });

  it('switches the pledge cards between policies, and opens the records behind a figure', async () => {
    const page = await openPage('/?knownAt=2025-07-22');
    const card = page.getByTestId('pledge-capacity-10gw');
    await card.waitFor();
    await expect.poll(() => card.textContent()).toMatch(/contracted\s*0 MW/);
    // The venture has made no progress since January: stalled. Counting OpenAI's 3 July contract,
    // the last progress is 19 days old: not stalled.
    expect(await card.textContent()).toMatch(/stalled · 182 days without progress/);
    await page.getByLabel('also what partners claim').check();
    await expect.poll(() => page.url()).toContain('policy=claimed');
    await expect.poll(() => card.textContent()).toMatch(/contracted\s*4\.5 GW/);
    expect(await card.textContent()).not.toMatch(/stalled/);
    expect(await card.textContent()).toMatch(/Last progress 3 Jul 2025/);

    await cell(page, 'contracted', 'claimed').click();
    const drawer = page.getByTestId('record-drawer');
    await drawer.waitFor();
    await expect.poll(() => drawer.textContent()).toMatch(/openai-oracle-coreweave/);
    await expect.poll(() => drawer.textContent()).toMatch(/American Bazaar/);
    expect(await drawer.textContent()).toMatch(/behind this figure/);
    await shot(page, 'evidence-drawer');
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'detached' });
    await page.close();
  });

  it('is usable from the keyboard: skip link, nav, the slider, and a figure with Enter', async () => {
    const page = await openPage('/?knownAt=2025-07-22');
    await cell(page, 'contracted', 'claimed').waitFor();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
    const focused: string[] = [];
    for (let i = 0; i < 12; i += 1) {
      await page.keyboard.press('Tab');
      focused.push(
        await page.evaluate(
          () => document.activeElement?.id || document.activeElement?.textContent || '',
        ),
      );
    }
    expect(focused).toEqual(expect.arrayContaining(['Sites', 'Governance', 'known-at']));
    await cell(page, 'contracted', 'claimed').focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('record-drawer').waitFor();
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe(
      'Close',
    );
    await page.close();
  });

  it('draws the Sites map from the bundled shapes, with the Ohio facility and a table', async () => {
    const page = await openPage('/sites?knownAt=2025-07-22');
    await page.locator('.us-map .states path').first().waitFor();
    expect(await page.locator('.us-map .states path').count()).toBeGreaterThanOrEqual(50);
    const point = page.locator('.us-map .point');
    expect(await point.count()).toBe(1);
    expect(await point.getAttribute('aria-label')).toMatch(
      /Small data center in Ohio: size not reported, planned/,
    );
    expect(await page.getByTestId('sites-table').textContent()).toMatch(/OH · PJM/);
    expect(await page.locator('body').textContent()).toMatch(/openai-oracle-coreweave/);
    await shot(page, 'sites');
    await point.focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('record-drawer').waitFor();
    await page.close();
  });

  it('shows the decisions deadlocked under the charter, and open under a majority what-if', async () => {
    const page = await openPage('/governance?knownAt=2025-07-22&asOf=2025-07-21');
    const summary = page.getByTestId('decisions-summary');
    await summary.waitFor();
    expect(await summary.textContent()).toMatch(/4 open \(4 deadlocked\)/);
    expect(await page.getByTestId('decision-site-selection').textContent()).toMatch(
      /DEADLOCKED[\s\S]*181 days[\s\S]*unanimity of leads[\s\S]*capacity-10gw/,
    );
    expect(await page.locator('body').textContent()).toMatch(/stargate-charter/);
    await shot(page, 'governance');
    await page.getByLabel('What if every decision were judged by').selectOption('majority');
    await expect
      .poll(() => summary.textContent())
      .toMatch(/4 open \(0 deadlocked\).*judged by majority/);
    expect(await page.getByTestId('decision-equity').textContent()).toMatch(/OPEN/);
    await page.close();
  });

  it('shows each claim with its Korean original, rendering, speaker, date and verdicts', async () => {
    const page = await openPage('/claims?knownAt=2025-07-22');
    const altman = page.getByTestId('claim-altman-great-partnership');
    await altman.waitFor();
    expect(await altman.locator('[lang="ko"]').textContent()).toMatch(/훌륭한 협력 관계/);
    const text = (await altman.textContent()) ?? '';
    expect(text).toMatch(/a great partnership/);
    expect(text).toMatch(/Sam Altman/);
    expect(text).toMatch(/2025-07-14\.\.2025-07-20/);
    expect(text).toMatch(/venture.*contradicted/);
    expect(text).toMatch(/claimed.*partly-supported/);
    await shot(page, 'claims');
    await altman.getByRole('button', { name: 'contradicted' }).first().click();
    await expect
      .poll(() => page.getByTestId('record-drawer').textContent())
      .toMatch(/openai-oracle-coreweave/);
    await page.close();
  });

  it('starts a run from the dashboard and shows its result (the ledger verification run)', async () => {
    const page = await openPage('/ledger');
    await page.getByRole('button', { name: 'Verify the hash chain' }).click();
    const result = page.getByTestId('verify-result');
    await result.waitFor({ timeout: 60_000 });
    expect(await result.textContent()).toMatch(/Verified: \d+ records/);
    await shot(page, 'ledger');
    await page.close();
  });

  it('plans the build-out from the Plan page: the capacity path against the target, spend, binding limits', async () => {
    const page = await openPage('/plan');
    await page.getByTestId('no-plan-runs').waitFor();
    await page.getByRole('button', { name: /^Plan as of/ }).click();
    const summary = page.getByTestId('plan-summary');
    await summary.waitFor({ timeout: 120_000 });
    expect(await summary.textContent()).toMatch(
      /Plan #1 · Base case .* costs \$[\d.,]+[BM] .* short of the target in \d year\(s\): .*2029.* every constraint re-checked: ok/,
    );
    const path = page.getByRole('img', { name: /Capacity by year against the target path/ });
    expect(await path.getAttribute('aria-label')).toMatch(/\d{4}: .* of 10 GW target/);
    expect(
      await page.getByRole('table', { name: 'Binding limits' }).locator('tbody tr').count(),
    ).toBeGreaterThan(0);
    expect(
      await page.getByRole('table', { name: 'Capital drawn by year and member' }).textContent(),
    ).toMatch(/openai|softbank|oracle/);
    await shot(page, 'plan');
    await page
      .getByRole('table', { name: 'Capacity by year' })
      .getByRole('button', { name: '10 GW' })
      .first()
      .click();
    await expect.poll(() => page.getByTestId('record-drawer').textContent()).toMatch(/target-10gw/);
    await page.keyboard.press('Escape');
    // A what-if from the same page: the stored list then holds both, the newest shown.
    await page.getByLabel('Scenario').selectOption('no-partner-leases');
    await page.getByRole('button', { name: /^Plan as of/ }).click();
    await expect.poll(() => summary.textContent(), { timeout: 120_000 }).toMatch(/Plan #2 · /);
    expect(await page.getByLabel('Stored runs').locator('option').count()).toBe(2);
    await page.close();
  });

  it('starts a risk run from the Risk page and waits for its result: P(met), the fan chart, the tornado', async () => {
    const page = await openPage('/risk?knownAt=2025-07-22&asOf=2025-07-21');
    await page.getByTestId('no-risk-runs').waitFor();
    await page.getByLabel('Trials').selectOption('2000');
    await page.getByRole('button', { name: /^Simulate as of 21 Jul 2025/ }).click();
    await expect
      .poll(() => page.getByTestId('run-status').textContent(), { timeout: 60_000 })
      .toMatch(/succeeded/);
    const summary = page.getByTestId('risk-summary');
    await summary.waitFor({ timeout: 60_000 });
    expect(await summary.textContent()).toMatch(
      /as of 21 Jul 2025, known at 22 Jul 2025 · 2,000 trials/,
    );
    // As known in July 2025 the pipeline cannot reach 10 GW under either policy.
    for (const policy of ['venture', 'claimed'])
      expect(
        await page.getByTestId(`odds-capacity-10gw-${policy}`).locator('.pmet').textContent(),
      ).toBe('0%');
    expect(await page.getByTestId('fan-chart').getAttribute('aria-label')).toMatch(
      /capacity|median/,
    );
    expect(await page.getByTestId('tornado-chart').getAttribute('aria-label')).toMatch(
      /shock\.governance/,
    );
    await shot(page, 'risk');
    // The odds open the records they rest on: the pledge and the pipeline that counts for it.
    await page
      .getByTestId('odds-capacity-10gw-claimed')
      .locator('.pmet')
      .getByRole('button')
      .click();
    await expect
      .poll(() => page.getByTestId('record-drawer').textContent())
      .toMatch(/capacity-10gw[\s\S]*openai-oracle-coreweave/);
    await page.close();
  });

  it('shows API errors in plain words instead of a blank page', async () => {
    const page = await openPage('/governance?rule=plurality');
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/The request was not understood: query\.rule/);
    await shot(page, 'error-bad-rule');
    const early = await openPage('/?knownAt=2025-01-05');
    await early.getByRole('alert').waitFor();
    expect(await early.getByRole('alert').textContent()).toMatch(/Not found: no program/);
    await page.close();
    await early.close();
  });

  it('says up front when the server is read-only: no import, no runs', async () => {
    const readOnly = await startServer(join(dir, 'ledger.db'), ['--read-only']);
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      await page.goto(new URL('/ledger', readOnly.url).href);
      const verify = page.getByRole('button', { name: 'Verify the hash chain' });
      await expect.poll(() => verify.isDisabled()).toBe(true);
      const text = await page.locator('main').textContent();
      expect(text).toMatch(/read-only server: runs come from the CLI/);
      expect(text).toMatch(/This server is read-only: import with the CLI/);
      await page.close();
    } finally {
      await readOnly.stop();
    }
  });

  it('is readable at phone width: no sideways scrolling on any page', async () => {
    for (const path of ['/', '/sites', '/governance', '/claims', '/plan', '/risk', '/ledger']) {
      const page = await openPage(`${path}?knownAt=2025-07-22`, 390);
      await page.locator('main h1').waitFor();
      await page.waitForLoadState('networkidle');
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - window.innerWidth,
      );
      expect(overflow, path).toBeLessThanOrEqual(0);
      await shot(page, `phone${path === '/' ? '-overview' : path.replace('/', '-')}`);
      await page.close();
    }
  });

  it('logged one structured line per request it served', () => {
    const lines = server
      .output()
      .split('\n')
      .filter((l) => l.startsWith('{'));
    expect(lines.length).toBeGreaterThan(10);
    for (const line of lines)
      expect(JSON.parse(line)).toMatchObject({ msg: 'request', status: expect.any(Number) });
  });
});

describe('dashboard bundle', () => {
  it('ships at most 400 kB of JavaScript gzipped, split into page chunks', () => {
    const assets = join(WEB, 'assets');
    const scripts = readdirSync(assets).filter((f) => f.endsWith('.js'));
    expect(scripts.length).toBeGreaterThan(1);
    const gzipped = scripts.reduce(
      (sum, f) => sum + gzipSync(readFileSync(join(assets, f))).length,
      0,
    );
    console.log(
      `dashboard JavaScript: ${(gzipped / 1024).toFixed(1)} kB gzipped in ${scripts.length} files`,
    );
    expect(gzipped).toBeLessThanOrEqual(400 * 1024);
  });
});
