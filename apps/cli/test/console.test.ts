// `invocations console`: the built CLI serves the web console over the sources `list` builds, prints
// its URL and stops on SIGTERM. The browser side is tested in e2e/test/console.test.ts.
import { DEFAULT_CREDENTIALS } from '@invocations/emulator';
import { beforeAll, describe, expect, it } from 'vitest';
import { emptyHome, ensureBuilt, runCli, startPrinting, binPath } from './helpers.js';
import { exposedHostWarning, isLoopbackAddress } from '../src/commands/console.js';

beforeAll(() => ensureBuilt(), 300_000);

interface Row {
  product: string;
  region: string;
  invokeId: string;
}

const key = (row: Row): string => `${row.product} ${row.region} ${row.invokeId}`;

describe('invocations console', () => {
  it('serves the invocations `list --emulator -o json` prints, never the key, and stops on SIGTERM', async () => {
    const server = await startPrinting([binPath, 'console', '--emulator', '--port', '0'], /console listening on (http:\/\/127\.0\.0\.1:\d+\/)/, { HOME: emptyHome() });
    try {
      const url = server.match[1]!;
      const listed = await runCli(['list', '--emulator', '-o', 'json'], { HOME: emptyHome() }, { timeoutMs: 60_000 });
      expect(listed.code, listed.stderr).toBe(0);
      const expected = (JSON.parse(listed.stdout) as Row[]).map(key).sort();
      expect(expected.length).toBeGreaterThan(10);

      const answer = await fetch(`${url}api/invocations`);
      expect(answer.status).toBe(200);
      const body = await answer.text();
      expect((JSON.parse(body) as { invocations: Row[] }).invocations.map(key).sort()).toEqual(expected);

      // eflo cannot list: the page carries a link to the emulator's eflo invocation, and it opens.
      const meta = (await (await fetch(`${url}api/meta`)).json()) as { notes: string[]; sources: { product: string; lists: boolean }[] };
      expect(meta.sources.filter((source) => source.product === 'eflo').every((source) => !source.lists)).toBe(true);
      const efloLink = meta.notes.map((note) => /(http:\/\/\S+\/invocations\/eflo\/\S+)/.exec(note)?.[1]).find(Boolean);
      expect(efloLink, meta.notes.join('\n')).toBeDefined();
      const efloPath = new URL(efloLink!).pathname.replace(/^\/invocations\//, '/api/invocations/');
      const eflo = await fetch(new URL(efloPath, url));
      expect(eflo.status).toBe(200);

      // The credentials stay in the CLI: not in the page, its scripts or any answer.
      const page = await (await fetch(url)).text();
      const scripts = await Promise.all([...page.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map(async (match) => (await fetch(new URL(match[1]!, url))).text()));
      expect(scripts.length).toBeGreaterThan(0);
      for (const text of [page, body, await eflo.text(), JSON.stringify(meta), ...scripts]) {
        expect(text).not.toContain(DEFAULT_CREDENTIALS.accessKeySecret);
      }
    } finally {
      const result = await server.stop();
      expect(result.code, result.stderr).toBe(0);
      expect(result.stderr).toContain('console stopped');
    }
  }, 120_000);

  it('refuses a bad --port and options that do not apply, in one line (exit 2)', async () => {
    const badPort = await runCli(['console', '--emulator', '--port', '70000'], { HOME: emptyHome() });
    expect(badPort.code).toBe(2);
    expect(badPort.stderr.trim().split('\n')).toHaveLength(1);
    expect(badPort.stderr).toMatch(/--port/);
    const output = await runCli(['console', '--emulator', '-o', 'json'], { HOME: emptyHome() });
    expect(output.code).toBe(2);
    expect(output.stderr).toMatch(/-o\/--output does not apply to `invocations console`/);
  });

  it('warns when --host reaches beyond this machine', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]']) expect(isLoopbackAddress(host), host).toBe(true);
    for (const host of ['0.0.0.0', '192.168.1.5', '::', 'example.internal']) expect(isLoopbackAddress(host), host).toBe(false);
    expect(exposedHostWarning('0.0.0.0')).toMatch(/^warning: --host 0\.0\.0\.0 .*credentials/);
  });
});
