// The web console (@invocations/console) in headless Chromium, against the emulator:
// - `invocations console --emulator` (the built CLI) lists what `invocations list --emulator -o json` lists,
//   filters by status, and opens a failed invocation on its failed target and that target's error;
// - a console started in-process over a running invocation shows it turn terminal without a reload;
// - its run form (reviewed before anything is sent) starts a command, and the stop action stops it; a stop
//   sent to a run that had started says so, and the run goes on to its end (the documented StopInvocation);
// - axe finds no serious or critical violation at 1280 and 390 px, light and dark; screenshots of each
//   go to e2e/test-results/console/ (gitignored).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openArchive, type Archive } from '@invocations/archive';
import { startConsole, type RunningConsole } from '@invocations/console';
import type { Invocation } from '@invocations/core';
import { createEcsSource } from '@invocations/ecs';
import { startEmulator, type Emulator } from '@invocations/emulator';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { haveChromium as chromiumInstalled, launchChromium } from './support/chromium.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const cliBin = join(root, 'apps/cli/dist/bin.js');
const shots = join(root, 'e2e/test-results/console');
const haveChromium = chromiumInstalled('console.test.ts');
const axeSource = readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const SECRET = 'ConsoleBrowserSecretNeverInThePage';
const WAIT = { timeout: 60_000 };

/** Runs the built CLI until it prints `ready`; `stop` sends SIGTERM and waits for the exit. */
async function startCli(args: string[], ready: RegExp): Promise<{ match: RegExpExecArray; child: ChildProcess; stop(): Promise<number | null> }> {
  const child = spawn(process.execPath, [cliBin, ...args], { env: { PATH: process.env.PATH ?? '', HOME: root }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  const exited = new Promise<number | null>((resolveExit) => child.on('close', resolveExit));
  const deadline = Date.now() + 60_000;
  let match: RegExpExecArray | null;
  while (!(match = ready.exec(out))) {
    if (Date.now() > deadline || child.exitCode !== null) {
      child.kill('SIGKILL');
      throw new Error(`invocations ${args.join(' ')} did not get ready: ${out}`);
    }
    await new Promise((resolveWait) => setTimeout(resolveWait, 100));
  }
  return { match, child, stop: () => (child.kill('SIGTERM'), exited) };
}

/** `invocations list --emulator -o json` with the built CLI. */
async function cliList(): Promise<Invocation[]> {
  const child = spawn(process.execPath, [cliBin, 'list', '--emulator', '-o', 'json'], { env: { PATH: process.env.PATH ?? '', HOME: root }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const code = await new Promise<number | null>((resolveExit) => child.on('close', resolveExit));
  expect(code, stderr).toBe(0);
  return JSON.parse(stdout) as Invocation[];
}

/** The invoke ids of the list's rows, once the list has been read. */
async function rowIds(page: Page): Promise<string[]> {
  await page.waitForSelector('h2#list-heading', WAIT);
  return page.$$eval('tr[data-invoke-id]', (rows) => rows.map((row) => row.getAttribute('data-invoke-id') ?? ''));
}

/** axe-core's serious and critical violations on the page as it is (the script is evaluated over CDP, so the page's CSP does not apply). */
async function axeViolations(page: Page): Promise<{ id: string; impact: string; nodes: string[] }[]> {
  await page.evaluate(await axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(context: Document, options: unknown): Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((violation) => ({ id: violation.id, impact: violation.impact, nodes: violation.nodes.map((node) => node.target.join(' ')) }));
  });
  return violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
}

let browser: { context: BrowserContext; close(): Promise<void> } | undefined;
let cliConsole: Awaited<ReturnType<typeof startCli>> | undefined;
let cliUrl: string;
let expected: Invocation[];
let emulator: Emulator | undefined;

/** An ECS invocation of `sleep 600` on one target, running at once, that ends Success with "done" after ten minutes. */
function runningTenMinutes(commandName: string, targetId: string): string {
  return emulator!.createInvocation({
    product: 'ecs',
    region: 'cn-hangzhou',
    commandName,
    commandContent: 'sleep 600',
    targets: [{ id: targetId, outcome: 'success', exitCode: 0, dispatchMs: 0, runMs: 600_000, output: 'done\n' }],
  }).invokeId;
}
let archive: Archive | undefined;
let live: RunningConsole | undefined;

beforeAll(async () => {
  if (!haveChromium) return;
  await mkdir(shots, { recursive: true });
  [browser, cliConsole, expected] = await Promise.all([
    launchChromium({ viewport: { width: 1280, height: 900 } }),
    startCli(['console', '--emulator', '--port', '0'], /console listening on (http:\/\/127\.0\.0\.1:\d+\/)/),
    cliList(),
  ]);
  cliUrl = cliConsole.match[1]!;
  emulator = await startEmulator({
    seed: 9,
    seedOptions: { perRegion: 6 },
    credentials: { accessKeyId: 'LTAI5tConsoleBrowser', accessKeySecret: SECRET },
    // A RunCommand's targets start 10 minutes after it (the default is 1 s), so the run form's stop always
    // reaches targets that have not started (Cancelled, then Stopped), however slow the machine is. With
    // 1 s, a stop that came later on a loaded machine found the `sleep 600` running, and a started run goes
    // on after StopInvocation, as the ECS API reference says: the page then showed Running for 600 s.
    simulation: { dispatchMs: 10 * 60_000 },
  });
  const sources = [createEcsSource({ region: 'cn-hangzhou', endpoint: emulator.url, credentials: emulator.credentials })];
  archive = await openArchive({ url: 'memory://' });
  await archive.sync(sources);
  live = await startConsole({ sources, archive, refreshMs: 1_000, allowRun: true });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await live?.close();
  await archive?.close();
  await emulator?.close();
  if (cliConsole) expect(await cliConsole.stop()).toBe(0);
});

describe.runIf(haveChromium)('the web console in headless Chromium', () => {
  it('lists the invocations `invocations list --emulator -o json` returns, newest first', async () => {
    const page = await browser!.context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(cliUrl);
    const ids = await rowIds(page);
    expect(ids.length).toBeGreaterThan(10);
    expect([...ids].sort()).toEqual(expected.map((invocation) => invocation.invokeId).sort());
    // The chart of statuses over time sits above the list and says its totals in words.
    const chart = await page.getAttribute('.chart svg', 'aria-label');
    expect(chart).toMatch(/Statuses over time.*\d+ success, \d+ failed/);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('filters by status, and opens a failed invocation on its failed target and its error (by keyboard)', async () => {
    const page = await browser!.context.newPage();
    await page.goto(cliUrl);
    await rowIds(page);
    await page.selectOption('#filter-status', 'Failed');
    await page.waitForURL(/status=Failed/, WAIT);
    const failed = expected.filter((invocation) => invocation.status === 'Failed');
    expect(failed.length).toBeGreaterThan(0);
    await page.waitForFunction(
      (count) => {
        const rows = [...document.querySelectorAll('tr[data-invoke-id]')];
        return rows.length === count && rows.every((row) => row.getAttribute('data-status') === 'Failed');
      },
      failed.length,
      WAIT,
    );
    expect((await rowIds(page)).sort()).toEqual(failed.map((invocation) => invocation.invokeId).sort());

    const chosen = failed.find((invocation) => invocation.targets.some((target) => target.errorCode && /failed|aborted|error|timeout|invalid/i.test(target.status)))!;
    const target = chosen.targets.find((candidate) => candidate.errorCode && /failed|aborted|error|timeout|invalid/i.test(candidate.status))!;
    await page.focus(`tr[data-invoke-id="${chosen.invokeId}"] a`);
    await page.keyboard.press('Enter');
    await page.waitForURL(new RegExp(`/invocations/ecs/[^/]+/${chosen.invokeId}$`), WAIT);
    const card = page.locator(`article[data-target-id="${target.id}"]`);
    await card.waitFor(WAIT);
    expect(await card.getAttribute('data-status')).toBe(target.status);
    const errorText = await card.locator('.error-code').innerText();
    expect(errorText).toContain(target.errorCode!);
    // The canonical meaning is shown beside the code.
    expect(errorText).toMatch(/: \S.*\./);
    if (target.errorInfo) expect(await card.innerText()).toContain(target.errorInfo);
    // The failed targets come first, and focus moved to the view's heading.
    expect(await page.locator('article[data-target-id]').first().getAttribute('data-target-id')).toBe(chosen.targets.find((one) => /failed|aborted|error|timeout|invalid/i.test(one.status))!.id);
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('H1');
    await page.close();
  });

  it('shows a running invocation turn terminal without a reload', async () => {
    const page = await browser!.context.newPage();
    const bodies: string[] = [];
    page.on('response', (response) => void response.text().then((text) => bodies.push(text), () => undefined));
    await page.goto(live!.url);
    await rowIds(page);
    const invokeId = runningTenMinutes('live-update-check', 'i-live0001');
    await page.evaluate(() => ((globalThis as unknown as { notReloaded: boolean }).notReloaded = true));
    const row = `tr[data-invoke-id="${invokeId}"]`;
    await page.waitForSelector(`${row}[data-status="Running"]`, WAIT);
    emulator!.advance(700_000);
    await page.waitForSelector(`${row}[data-status="Success"]`, WAIT);
    expect(await page.evaluate(() => (globalThis as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
    // Nothing the page received carries the key the console's sources sign with.
    expect(bodies.length).toBeGreaterThan(2);
    for (const body of bodies) expect(body).not.toContain(SECRET);
    await page.close();
  });

  it('shows history and failure rates per command from the archive', async () => {
    const page = await browser!.context.newPage();
    await page.goto(live!.url);
    await page.click('nav >> text=History');
    await page.waitForSelector('table.stats tbody tr', WAIT);
    await page.waitForSelector('h2#archived-heading ~ table tr[data-invoke-id]', WAIT);
    expect(await page.locator('table.stats tbody tr').count()).toBeGreaterThan(0);
    await page.close();
  });

  it('runs a command from the form after a review step, then stops it from its page', async () => {
    const page = await browser!.context.newPage();
    await page.goto(live!.url);
    await page.click('nav >> text=Run a command');
    await page.waitForSelector('#run-command', WAIT);
    await page.fill('#run-targets', 'i-e2erun0001\ni-e2erun0002');
    await page.fill('#run-command', 'echo starting\nsleep 600');
    await page.fill('#run-timeout', '900');
    await page.fill('#run-name', 'e2e-run-and-stop');
    await page.click('button:has-text("Review")');
    const review = page.locator('section.review');
    await review.waitFor(WAIT);
    const said = await review.innerText();
    expect(said).toMatch(/2 targets/);
    expect(said).toContain('i-e2erun0002');
    expect(said).toMatch(/timeout 900 s/);
    // Nothing was sent yet.
    expect(emulator!.store.list('ecs', 'cn-hangzhou').some((record) => record.commandName === 'e2e-run-and-stop')).toBe(false);
    await page.click('button:has-text("Run now")');
    await page.waitForURL(/\/invocations\/ecs\/cn-hangzhou\/t-/, WAIT);
    await page.waitForSelector('article[data-target-id="i-e2erun0001"]', WAIT);
    const invokeId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);
    expect(emulator!.inspect('ecs', 'cn-hangzhou', invokeId)).toBeDefined();
    // What the page opened is kept in the console's archive.
    expect((await archive!.query({ product: 'ecs', region: 'cn-hangzhou', invokeIds: [invokeId] })).invocations.map((item) => item.commandName)).toEqual(['e2e-run-and-stop']);

    expect(await page.getAttribute('article[data-target-id="i-e2erun0001"]', 'data-status')).toBe('Pending');

    await page.click('button:has-text("Stop invocation")');
    await page.click('button:has-text("Stop now")');
    await page.waitForSelector('.summary [data-status="Stopped"]', WAIT);
    const stopped = emulator!.inspect('ecs', 'cn-hangzhou', invokeId)!;
    expect(stopped.status).toBe('Stopped');
    expect(stopped.targets.map((target) => [target.id, target.status, target.startTime])).toEqual([
      ['i-e2erun0001', 'Cancelled', undefined],
      ['i-e2erun0002', 'Cancelled', undefined],
    ]);
    expect(await page.locator('button:has-text("Stop invocation")').count()).toBe(0);
    await page.close();
  });

  it('says a stop was sent to a run that had started, which goes on to its end, and offers no second stop', async () => {
    const invokeId = runningTenMinutes('e2e-stop-while-running', 'i-e2estop0001');
    const page = await browser!.context.newPage();
    await page.goto(`${live!.url}invocations/ecs/cn-hangzhou/${invokeId}`);
    const card = page.locator('article[data-target-id="i-e2estop0001"]');
    await page.waitForSelector('article[data-target-id="i-e2estop0001"][data-status="Running"]', WAIT);
    await page.click('button:has-text("Stop invocation")');
    await page.click('button:has-text("Stop now")');
    // The page reads the invocation again: still Running (the run goes on), with the stop's time shown
    // as when the stop was sent, not as when the target finished.
    await page.waitForSelector('p.stop-sent', WAIT);
    expect(emulator!.inspect('ecs', 'cn-hangzhou', invokeId)!.targets[0]!.status).toBe('Running');
    expect(await card.getAttribute('data-status')).toBe('Running');
    expect(await page.locator('.summary [data-status="Running"]').count()).toBe(1);
    expect(await page.innerText('p.stop-sent')).toMatch(/A stop was sent at .+\. 1 target has not ended yet/);
    expect(await card.locator('dd.stop-sent').innerText()).toContain('goes on until it ends');
    expect(await card.locator('dt:has-text("Finished") + dd').innerText()).toBe('—');
    expect(await page.locator('button:has-text("Stop invocation")').count()).toBe(0);
    // The same after a reload: what the page says comes from the service's record.
    await page.reload();
    await page.waitForSelector('p.stop-sent', WAIT);
    expect(await page.locator('button:has-text("Stop invocation")').count()).toBe(0);
    // The run ends as it would have: Success, and the stop section is gone.
    emulator!.advance(700_000);
    await page.waitForSelector('.summary [data-status="Success"]', WAIT);
    expect(await page.locator('p.stop-sent').count()).toBe(0);
    expect(await card.getAttribute('data-status')).toBe('Success');
    expect(await card.locator('dt:has-text("Finished") + dd').innerText()).not.toBe('—');
    await page.close();
  });

  it('has no serious or critical axe violation at 1280 and 390 px, light and dark, and fits 390 px', async () => {
    const failedOne = expected.find((invocation) => invocation.status === 'Failed')!;
    const views = [
      { name: 'list', url: cliUrl, ready: 'h2#list-heading' },
      { name: 'invocation', url: `${cliUrl}invocations/${failedOne.product}/${failedOne.region}/${failedOne.invokeId}`, ready: 'article[data-target-id]' },
      { name: 'history', url: `${live!.url}history`, ready: 'table.stats tbody tr' },
      { name: 'run', url: `${live!.url}run`, ready: '#run-command' },
    ];
    const found: string[] = [];
    for (const width of [1280, 390]) {
      for (const colorScheme of ['light', 'dark'] as const) {
        const page = await browser!.context.newPage();
        await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
        await page.emulateMedia({ colorScheme });
        for (const view of views) {
          await page.goto(view.url);
          await page.waitForSelector(view.ready, WAIT);
          await page.screenshot({ path: join(shots, `${view.name}-${width}-${colorScheme}.png`), fullPage: true });
          for (const violation of await axeViolations(page)) found.push(`${view.name} ${width}px ${colorScheme}: ${violation.id} (${violation.impact}) at ${violation.nodes.slice(0, 3).join(', ')}`);
          if (width === 390) {
            const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
            if (overflow > 1) found.push(`${view.name} 390px ${colorScheme}: the page is ${overflow} px wider than the screen`);
          }
        }
        await page.close();
      }
    }
    expect(found).toEqual([]);
  }, 180_000);
});
