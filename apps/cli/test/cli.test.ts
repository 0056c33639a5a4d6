import { invocationSchema } from '@invocations/core';
import { startEmulator, type Emulator } from '@invocations/emulator';
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emptyHome, ensureBuilt, linesOf, runCli, type CliResult } from './helpers.js';

let emulator: Emulator;
let env: Record<string, string>;
let target: string[];

beforeAll(async () => {
  ensureBuilt();
  // Short agent timings so each watch ends in a second or two.
  emulator = await startEmulator({ seed: 7, seedOptions: { perRegion: 10 }, simulation: { dispatchMs: 200, runMs: 600, stopMs: 300 } });
  env = {
    HOME: emptyHome(),
    ALIBABA_CLOUD_ACCESS_KEY_ID: emulator.credentials.accessKeyId,
    ALIBABA_CLOUD_ACCESS_KEY_SECRET: emulator.credentials.accessKeySecret,
  };
  target = ['--endpoint', emulator.url];
}, 180_000);

afterAll(async () => {
  await emulator?.close();
});

function expectOneLineError(result: CliResult, code: number): string {
  expect(result.code, result.stderr).toBe(code);
  const lines = linesOf(result.stderr);
  expect(lines, result.stderr).toHaveLength(1);
  expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace without --debug
  return lines[0] as string;
}

let counter = 0;
function createEcsInvocation(content: string, targetIds: string[]): string {
  const invokeId = `t-hztest${String(++counter).padStart(8, '0')}`;
  emulator.createInvocation({ product: 'ecs', region: 'cn-hangzhou', invokeId, commandName: `test-${counter}`, commandContent: content, targetIds });
  return invokeId;
}

describe('invocations list', () => {
  it('prints a table of ECS and SWAS invocations from both regions, and says eflo cannot list', async () => {
    const result = await runCli(['list', ...target, '--region', 'cn-hangzhou,cn-shanghai'], { ...env, COLUMNS: '80' });
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stdout.split('\n').filter(Boolean);
    // At 80 columns the gaps tighten and AGE gives way, so COMMAND stays readable and the counts stay whole.
    expect(lines[0]).toMatch(/^PRODUCT\s+REGION\s+INVOKE ID\s+COMMAND\s+STATUS\s+TARGETS$/);
    for (const line of lines) expect(line.length, line).toBeLessThanOrEqual(80);
    const commandWidth = lines[0]!.indexOf('STATUS') - lines[0]!.indexOf('COMMAND') - 1;
    expect(commandWidth).toBeGreaterThanOrEqual(10);
    expect(result.stdout).toMatch(/^ecs\s+cn-hangzhou\s+t-/m);
    expect(result.stdout).toMatch(/^swas\s+cn-shanghai\s+t-/m);
    expect(result.stdout).toMatch(/\d+ ok/);
    expect(result.stdout).not.toContain('\u001b['); // not a terminal: no colour
    const statuses = new Set(lines.slice(1).map((line) => /\b(Success|Failed|PartialFailed|Running|Pending|Stopped|Scheduled|Stopping)\b/.exec(line)?.[1]).filter(Boolean));
    expect(statuses.size).toBeGreaterThanOrEqual(3);
    const efloLines = linesOf(result.stderr).filter((line) => line.startsWith('eflo'));
    expect(efloLines).toHaveLength(1);
    expect(efloLines[0]).toContain('--invoke-id');
  });

  it('prints the canonical model with --output json and ndjson', async () => {
    const json = await runCli(['list', ...target, '--region', 'cn-hangzhou', '--product', 'ecs,swas', '--output', 'json'], env);
    expect(json.code, json.stderr).toBe(0);
    const array = JSON.parse(json.stdout) as unknown[];
    expect(array.length).toBeGreaterThan(10);
    for (const item of array) expect(invocationSchema.parse(item)).toEqual(item);

    const ndjson = await runCli(['list', ...target, '--region', 'cn-hangzhou', '--product', 'ecs,swas', '-o', 'ndjson'], env);
    expect(ndjson.code, ndjson.stderr).toBe(0);
    const lines = linesOf(ndjson.stdout);
    expect(lines).toHaveLength(array.length);
    const parsed = lines.map((line) => invocationSchema.parse(JSON.parse(line)));
    expect(new Set(parsed.map((item) => item.product))).toEqual(new Set(['ecs', 'swas']));
    expect(parsed.map((item) => item.invokeId).sort()).toEqual((array as { invokeId: string }[]).map((item) => item.invokeId).sort());
  });

  it('lists newest first across products and regions, and --limit gives the N newest', async () => {
    const args = ['list', ...target, '--region', 'cn-hangzhou,cn-shanghai', '--product', 'ecs,swas'];
    const all = JSON.parse((await runCli([...args, '-o', 'json'], env)).stdout) as { invokeId: string; createdAt?: string }[];
    const times = all.map((item) => Date.parse(item.createdAt ?? ''));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    const limited = await runCli([...args, '--limit', '4', '-o', 'ndjson'], env);
    expect(limited.code, limited.stderr).toBe(0);
    expect(linesOf(limited.stdout).map((line) => (JSON.parse(line) as { invokeId: string }).invokeId)).toEqual(all.slice(0, 4).map((item) => item.invokeId));
  });

  it('sends the status and command id filters to ECS, one listing per status', async () => {
    const result = await runCli(
      ['list', ...target, '--region', 'cn-hangzhou', '--product', 'ecs', '--status', 'failed,partialfailed', '--command-id', 'c-nosuchcommand', '--debug'],
      env,
    );
    expect(result.code, result.stderr).toBe(0);
    const requests = result.stderr.split('\n').filter((line) => line.includes('-> ecs DescribeInvocations'));
    expect(requests.some((line) => /InvokeStatus=Failed/.test(line) && /CommandId=c-nosuchcommand/.test(line))).toBe(true);
    expect(requests.some((line) => /InvokeStatus=PartialFailed/.test(line))).toBe(true);
    expect(result.stderr).toContain('no invocations found');
  });

  it('filters by status (any case), --limit and --invoke-id, and reads eflo by id', async () => {
    const failed = await runCli(['list', ...target, '--region', 'cn-hangzhou', '--product', 'ecs', '--status', 'FAILED,partialfailed', '-o', 'json'], env);
    expect(failed.code, failed.stderr).toBe(0);
    const rows = JSON.parse(failed.stdout) as { status: string }[];
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(['Failed', 'PartialFailed']).toContain(row.status);

    const limited = await runCli(['list', ...target, '--region', 'cn-hangzhou', '--product', 'ecs', '--limit', '3', '-o', 'json'], env);
    expect(JSON.parse(limited.stdout)).toHaveLength(3);

    const [eflo] = emulator.store.list('eflo', 'cn-hangzhou');
    const byId = await runCli(['list', ...target, '--region', 'cn-hangzhou', '--product', 'eflo', '--invoke-id', eflo!.invokeId, '-o', 'ndjson'], env);
    expect(byId.code, byId.stderr).toBe(0);
    expect(JSON.parse(byId.stdout)).toMatchObject({ product: 'eflo', invokeId: eflo!.invokeId });
  });

  it('prints one line per failing source and exit code 5 while still printing the others', async () => {
    emulator.setFaults({ serverErrorRate: 1 }, 'swas');
    try {
      const result = await runCli(['list', ...target, '--region', 'cn-hangzhou', '--product', 'ecs,swas', '-o', 'ndjson'], env, { timeoutMs: 90_000 });
      expect(result.code, result.stderr).toBe(5);
      expect(linesOf(result.stdout).length).toBeGreaterThan(0);
      const errors = linesOf(result.stderr).filter((line) => line.startsWith('error:'));
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatch(/^error: swas cn-hangzhou: .*request id/);
    } finally {
      emulator.setFaults({}, 'swas');
    }
  }, 90_000);
});

describe('invocations get', () => {
  it('shows each target with status, exit code and error, and outputs with --output-text', async () => {
    const invokeId = createEcsInvocation('echo hello from the test\nexit 3', ['i-bp1gettest0001']);
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    const table = await runCli(['get', invokeId, ...target, '--region', 'cn-hangzhou', '--output-text'], env);
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toMatch(/^TARGET\s+STATUS\s+EXIT\s+ERROR\s+INFO$/m);
    expect(table.stdout).toMatch(/^i-bp1gettest0001\s+Failed\s+3\s+ExitCodeNonzero/m);
    expect(table.stdout).toContain('hello from the test');

    const json = await runCli(['get', invokeId, ...target, '--region', 'cn-hangzhou', '-o', 'json'], env);
    expect(invocationSchema.parse(JSON.parse(json.stdout))).toMatchObject({ invokeId, status: 'Failed' });
  });

  it('says how much output the service dropped', async () => {
    const invokeId = createEcsInvocation('seq 20000', ['i-bp1bigoutput001']);
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    const result = await runCli(['get', invokeId, ...target, '--region', 'cn-hangzhou', '--output-text'], env);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/\[output truncated: the service dropped \d+ bytes/);
  });

  it('answers an unknown id with one line and exit code 5', async () => {
    const result = await runCli(['get', 't-hznosuchinvocation', ...target, '--region', 'cn-hangzhou'], env);
    expect(expectOneLineError(result, 5)).toMatch(/t-hznosuchinvocation/);
  });
});

describe('invocations watch', () => {
  const watch = (invokeId: string, ...extra: string[]) =>
    runCli(['watch', invokeId, ...target, '--region', 'cn-hangzhou', '--interval', '100ms', ...extra], env, { timeoutMs: 60_000 });

  it('exits 0 when the invocation ends Success, printing a line per change', async () => {
    const result = await watch(createEcsInvocation('sleep 2\necho ok', ['i-bp1watchok00001', 'i-bp1watchok00002']));
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/i-bp1watchok00001 (Pending|Running)/);
    expect(result.stdout).toMatch(/finished Success: 2 ok/);
  }, 60_000);

  it('exits 1 on Failed and names the failed target with its exit and error codes', async () => {
    const result = await watch(createEcsInvocation('exit 2', ['i-bp1watchbad0001']));
    expect(result.code, result.stderr).toBe(1);
    expect(result.stdout).toMatch(/finished Failed: 1 failed/);
    expect(result.stdout).toMatch(/i-bp1watchbad0001 Failed, exit 2, ExitCodeNonzero/);
  }, 60_000);

  it('exits 1 on PartialFailed', async () => {
    const result = await watch(createEcsInvocation('echo hi', ['i-bp1watchok00003', 'i-bp1watchfail004']));
    expect(result.code, result.stderr).toBe(1);
    expect(result.stdout).toMatch(/finished PartialFailed: 1 ok \/ 1 failed/);
    expect(result.stdout).toMatch(/i-bp1watchfail004 Failed, exit 1/);
  }, 60_000);

  it('exits 3 when the invocation is stopped', async () => {
    const invokeId = createEcsInvocation('sleep 30', ['i-bp1watchstop001']);
    const stopping = setTimeout(() => emulator.stopInvocation('ecs', 'cn-hangzhou', invokeId), 1_000);
    const result = await watch(invokeId);
    clearTimeout(stopping);
    expect(result.code, result.stderr).toBe(3);
    expect(result.stdout).toMatch(/finished Stopped/);
  }, 60_000);

  it('exits 4 when --timeout comes first', async () => {
    const result = await watch(createEcsInvocation('sleep 60', ['i-bp1watchslow001']), '--timeout', '1500ms');
    expect(result.code, result.stderr).toBe(4);
    expect(result.stderr).toMatch(/^timeout: .*not finished/m);
  }, 60_000);

  it('exits 130 on Ctrl-C (SIGINT)', async () => {
    const result = await runCli(['watch', createEcsInvocation('sleep 60', ['i-bp1watchctrlc01']), ...target, '--region', 'cn-hangzhou'], env, {
      onSpawn: (child) => setTimeout(() => child.kill('SIGINT'), 2_000),
    });
    expect(result.code, result.stderr).toBe(130);
    expect(result.stderr).toMatch(/^interrupted: /m);
  }, 60_000);

  it('streams each change as the canonical model with --output ndjson', async () => {
    const result = await watch(createEcsInvocation('sleep 2\necho ok', ['i-bp1watchjson001']), '-o', 'ndjson');
    expect(result.code, result.stderr).toBe(0);
    const updates = linesOf(result.stdout).map((line) => invocationSchema.parse(JSON.parse(line)));
    expect(updates.length).toBeGreaterThanOrEqual(2);
    expect(updates.at(-1)?.status).toBe('Success');
  }, 60_000);
});

describe('errors', () => {
  it('rejects a bad flag or value with one line and exit code 2', async () => {
    expect(expectOneLineError(await runCli(['list', '--bogus'], env), 2)).toMatch(/unknown option '--bogus'/);
    expect(expectOneLineError(await runCli(['list', '--product', 'vpc'], env), 2)).toMatch(/unknown product 'vpc'/);
    expect(expectOneLineError(await runCli(['list', '--since', 'yesterday'], env), 2)).toMatch(/--since/);
    expect(expectOneLineError(await runCli(['list', '--output', 'yaml'], env), 2)).toMatch(/yaml/);
    expect(expectOneLineError(await runCli(['watch'], env), 2)).toMatch(/invokeId/);
  });

  it('says where it looked for credentials and suggests --emulator', async () => {
    const result = await runCli(['list', '--region', 'cn-hangzhou'], { HOME: emptyHome() });
    const line = expectOneLineError(result, 2);
    expect(line).toContain('ALIBABA_CLOUD_ACCESS_KEY_ID');
    expect(line).toContain('.aliyun/config.json');
    expect(line).toContain('--emulator');
  });

  it('asks for --region when no profile or variable gives one', async () => {
    const line = expectOneLineError(await runCli(['list'], env), 2);
    expect(line).toMatch(/--region/);
  });

  it('prints an API error as one line with the request id and exit code 5, the stack only with --debug', async () => {
    const wrongKey = { ...env, ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'not-the-secret' };
    const result = await runCli(['get', 't-hzwhatever0001', ...target, '--region', 'cn-hangzhou'], wrongKey);
    const line = expectOneLineError(result, 5);
    expect(line).toMatch(/request id [\w-]+/);
    expect(line).not.toContain('not-the-secret');

    const debug = await runCli(['get', 't-hzwhatever0001', ...target, '--region', 'cn-hangzhou', '--debug'], wrongKey);
    expect(debug.code).toBe(5);
    expect(debug.stderr).toMatch(/^debug: -> ecs DescribeInvocations/m);
    expect(debug.stderr).toMatch(/\n\s+at /);
    expect(debug.stderr).not.toContain('not-the-secret');
  });

  it('prints --version and --help with examples on every command', async () => {
    const version = await runCli(['--version'], env);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    for (const command of [[], ['list'], ['get'], ['watch'], ['emulator']]) {
      const help = await runCli([...command, '--help'], env);
      expect(help.code, command.join(' ')).toBe(0);
      expect(help.stdout, command.join(' ')).toMatch(/Examples:\n\s+\$ invocations/);
    }
    expect((await runCli(['--help'], env)).stdout).toMatch(/Exit codes:[\s\S]*130/);
  });
});

describe('--emulator', () => {
  it('lists the seeded regions and points at an eflo invocation to get', async () => {
    const result = await runCli(['list', '--emulator'], { HOME: emptyHome(), COLUMNS: '100' });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^ecs\s+cn-hangzhou\s+t-hzdemowatch0001\s+rolling-deploy/m);
    expect(result.stdout).toMatch(/^swas\s+cn-shanghai/m);
    const hint = /invocations get (t-\S+) --product eflo --region (\S+) --emulator/.exec(result.stderr);
    expect(hint, result.stderr).not.toBeNull();
    const get = await runCli(['get', hint![1]!, '--product', 'eflo', '--region', hint![2]!, '--emulator', '-o', 'json'], { HOME: emptyHome() });
    expect(get.code, get.stderr).toBe(0);
    expect(invocationSchema.parse(JSON.parse(get.stdout))).toMatchObject({ product: 'eflo', invokeId: hint![1] });
  }, 60_000);
});

describe('invocations emulator', () => {
  it('prints its URL and access key, serves the CLI, and stops on SIGTERM', async () => {
    let url: string | undefined;
    let printed = '';
    let server: ChildProcess | undefined;
    const running = runCli(['emulator', '--seed', '3'], { HOME: emptyHome() }, {
      onSpawn: (child) => {
        server = child;
        child.stdout?.on('data', (chunk: Buffer | string) => {
          printed += String(chunk);
          url ??= /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(printed)?.[1];
        });
      },
    });
    const deadline = Date.now() + 20_000;
    while (!url || !printed.includes('press Ctrl-C')) {
      if (Date.now() > deadline) throw new Error(`the emulator printed no URL: ${printed}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const id = /ALIBABA_CLOUD_ACCESS_KEY_ID=(\S+)/.exec(printed)?.[1];
    const secret = /ALIBABA_CLOUD_ACCESS_KEY_SECRET=(\S+)/.exec(printed)?.[1];
    expect(printed).toContain(`access key id:     ${id}`);
    const listed = await runCli(['list', '--endpoint', url, '--region', 'cn-hangzhou', '--product', 'ecs', '-o', 'json'], {
      HOME: emptyHome(),
      ALIBABA_CLOUD_ACCESS_KEY_ID: id!,
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: secret!,
    });
    expect(listed.code, listed.stderr).toBe(0);
    expect((JSON.parse(listed.stdout) as { invokeId: string }[]).map((item) => item.invokeId)).toContain('t-hzdemowatch0001');
    server?.kill('SIGTERM');
    const result = await running;
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('emulator stopped');
  }, 60_000);
});
