import { startRecordedServer, type RecordedServer } from '@invocations/openapi/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emptyHome, ensureBuilt, linesOf, runCli } from './helpers.js';

// A service that sends terminal control sequences in its data: an OSC title (which hides every
// later row in tmux), an OSC 52 clipboard write, a C1 CSI, BEL, and an error message with ESC.
const TITLE = '\u001b]0;owned\u0007';
const CLIPBOARD = '\u001b]52;c;Y3VybCBldmlsLnNoIHwgc2g=\u0007';
const C1_CSI = '\u009b2J';
const NAME = `deploy${TITLE}${CLIPBOARD}${C1_CSI}`;
const RAW_CONTROLS = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;

function invocationWire(invokeId: string, minute: number, status: 'Success' | 'Failed'): Record<string, unknown> {
  const failed = status === 'Failed';
  return {
    InvokeId: invokeId,
    CommandId: 'c-hz0hostile00001',
    CommandName: minute === 1 ? NAME : `plain-${minute}`,
    CommandType: 'RunShellScript',
    CreationTime: `2025-01-01T00:0${minute}:00Z`,
    InvocationStatus: status,
    InvokeStatus: failed ? 'Failed' : 'Finished',
    Timed: false,
    InvokeInstances: {
      InvokeInstance: [
        {
          InstanceId: `i-bp1hostile000${minute}`,
          InvocationStatus: status,
          InstanceInvokeStatus: failed ? 'Failed' : 'Finished',
          ExitCode: failed ? 1 : 0,
          Repeats: 1,
          Dropped: 0,
          ErrorCode: failed ? `Bad\u001b[31mCode` : '',
          ErrorInfo: failed ? `boom\u0007${TITLE}` : '',
          CreationTime: `2025-01-01T00:0${minute}:00Z`,
          Output: Buffer.from(`line one\n\u001b]52;c;ZXZpbA==\u0007line two\n`).toString('base64'),
        },
      ],
    },
  };
}

let server: RecordedServer;
let failing: RecordedServer;
let env: Record<string, string>;

beforeAll(async () => {
  ensureBuilt();
  server = await startRecordedServer(() => ({
    body: JSON.stringify({
      RequestId: 'HOSTILE-1',
      TotalCount: 3,
      PageNumber: 1,
      PageSize: 50,
      Invocations: { Invocation: [invocationWire('t-hz0hostile00003', 3, 'Success'), invocationWire('t-hz0hostile00002', 2, 'Failed'), invocationWire('t-hz0hostile00001', 1, 'Success')] },
    }),
  }));
  failing = await startRecordedServer(() => ({
    status: 400,
    body: JSON.stringify({ RequestId: 'HOSTILE-2', Code: `Invalid${TITLE}`, Message: `denied ${CLIPBOARD}${C1_CSI}` }),
  }));
  env = { HOME: emptyHome(), ALIBABA_CLOUD_ACCESS_KEY_ID: 'hostile-key', ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'hostile-secret' };
}, 180_000);

afterAll(async () => {
  await server?.close();
  await failing?.close();
});

const at = (url: string) => ['--endpoint', url, '--region', 'cn-hangzhou', '--product', 'ecs'];

describe('server text with control characters', () => {
  it('is escaped in the list table, and the rows after it (the Failed one) are all there', async () => {
    const result = await runCli(['list', ...at(server.url)], { ...env, COLUMNS: '200' });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).not.toMatch(RAW_CONTROLS);
    expect(result.stdout).toContain('deploy\\x1b]0;owned\\x07');
    const rows = linesOf(result.stdout).slice(1);
    expect(rows.map((row) => /t-hz0hostile\d+/.exec(row)?.[0])).toEqual(['t-hz0hostile00003', 't-hz0hostile00002', 't-hz0hostile00001']);
    expect(rows[1]).toMatch(/Failed/);
  });

  it('is escaped in get (header, targets, output) and in watch', async () => {
    const get = await runCli(['get', 't-hz0hostile00002', '--output-text', ...at(server.url)], env);
    expect(get.code, get.stderr).toBe(0);
    expect(get.stdout).not.toMatch(RAW_CONTROLS);
    expect(get.stdout).toContain('Bad\\x1b[31mCode');
    expect(get.stdout).toContain('line one\n\\x1b]52;c;ZXZpbA==\\x07line two');

    const watch = await runCli(['watch', 't-hz0hostile00002', ...at(server.url)], env);
    expect(watch.code, watch.stderr).toBe(1);
    expect(watch.stdout).not.toMatch(RAW_CONTROLS);
    expect(watch.stdout).toContain('boom\\x07\\x1b]0;owned\\x07');
  });

  it('is JSON-escaped in json and ndjson, C1 controls included, and parses back to what the service sent', async () => {
    for (const output of ['json', 'ndjson']) {
      const result = await runCli(['list', ...at(server.url), '-o', output], env);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).not.toMatch(/[\u007f-\u009f]/);
      const parsed = (output === 'json' ? JSON.parse(result.stdout) : linesOf(result.stdout).map((line) => JSON.parse(line))) as { commandName: string }[];
      expect(parsed.map((item) => item.commandName)).toContain(NAME);
    }
  });

  it('is escaped in error lines, and "no invocations found" is not claimed when every source failed', async () => {
    const result = await runCli(['list', ...at(failing.url)], env, { timeoutMs: 60_000 });
    expect(result.code).toBe(5);
    expect(result.stderr).not.toMatch(RAW_CONTROLS);
    expect(result.stderr).toContain('\\x1b]52;c;');
    expect(result.stderr).not.toContain('no invocations found');

    const get = await runCli(['get', 't-hz0hostile00009', ...at(failing.url)], env, { timeoutMs: 60_000 });
    expect(get.code).toBe(5);
    expect(get.stderr).not.toMatch(RAW_CONTROLS);
    expect(get.stderr).toContain('\\x9b2J');
  }, 90_000);
});
