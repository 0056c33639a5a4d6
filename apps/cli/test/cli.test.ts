import { invocationSchema } from '@invocations/core';
import { startEmulator, type Emulator } from '@invocations/emulator';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { binPath, cliDir, emptyHome, ensureBuilt, linesOf, runCli, startPrinting, type CliResult } from './helpers.js';

let emulator: Emulator;
let env: Record<string, string>;
let target: string[];

beforeAll(async () => {
  ensureBuilt();
  // Short agent timings so each watch ends in a second or two.
  emulator = await startEmulator({ seed: 7, seedOptions: { perRegion: 10 }, simulation: { dispatchMs: 200, runMs: 600, stopMs: 300, stopBehaviour: 'terminate' } });
  // 'terminate': a stop ends running targets too (the documented default lets them finish), so the
  // "exits 3" test sees Stopped without racing the dispatch delay.
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
function createEcsInvocation(content: string, targetIds: string[], timeoutSeconds?: number): string {
  const invokeId = `t-hztest${String(++counter).padStart(8, '0')}`;
  emulator.createInvocation({ product: 'ecs', region: 'cn-hangzhou', invokeId, commandName: `test-${counter}`, commandContent: content, targetIds, ...(timeoutSeconds ? { timeoutSeconds } : {}) });
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
    // Three CLI runs in a row: each start alone took 3-4 s at load 9 and over 15 s at load 18 on 2 cores.
  }, 120_000);

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
  const watchWith = (spawn: Omit<NonNullable<Parameters<typeof runCli>[2]>, 'timeoutMs'>, invokeId: string, ...extra: string[]) =>
    runCli(['watch', invokeId, ...target, '--region', 'cn-hangzhou', '--interval', '100ms', ...extra], env, { timeoutMs: 60_000, ...spawn });
  const watch = (invokeId: string, ...extra: string[]) => watchWith({}, invokeId, ...extra);
  // Watches a run of `sleep 600` that ends only once the watcher has printed its first view: the emulator's
  // clock is moved past the run then. The first view is of the running invocation however slowly the CLI
  // starts (a fixed `sleep 15` assumed it would start within 15 s; on a loaded machine a start has taken longer).
  const watchToTheEnd = (invokeId: string, ...extra: string[]) =>
    watchWith({ onSpawn: (child) => child.stdout?.once('data', () => emulator.advance(700_000)) }, invokeId, ...extra);

  it('exits 0 when the invocation ends Success, printing a line per change', async () => {
    const result = await watchToTheEnd(createEcsInvocation('sleep 600\necho ok', ['i-bp1watchok00001', 'i-bp1watchok00002'], 900));
    expect(result.code, result.stderr).toBe(0);
    const lines = linesOf(result.stdout);
    const first = lines.findIndex((line) => /i-bp1watchok00001 (Pending|Running)/.test(line));
    const last = lines.findIndex((line) => /finished Success: 2 ok/.test(line));
    expect(first, result.stdout).toBeGreaterThanOrEqual(0);
    expect(last, result.stdout).toBeGreaterThan(first);
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
      // Ctrl-C once the first view is drawn: by then the handler is installed, however slow the start.
      onSpawn: (child) => child.stdout?.once('data', () => child.kill('SIGINT')),
    });
    expect(result.code, result.stderr).toBe(130);
    expect(result.stderr).toMatch(/^interrupted: /m);
  }, 60_000);

  it('streams each change as the canonical model with --output ndjson', async () => {
    const result = await watchToTheEnd(createEcsInvocation('sleep 600\necho ok', ['i-bp1watchjson001'], 900), '-o', 'ndjson');
    expect(result.code, result.stderr).toBe(0);
    const updates = linesOf(result.stdout).map((line) => invocationSchema.parse(JSON.parse(line)));
    expect(updates.length).toBeGreaterThanOrEqual(2);
    expect(updates[0]?.status).toMatch(/^(Pending|Running)$/);
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

  it('accepts -o JSON and --format XML in any case, and --timeout 1h30m', async () => {
    const json = await runCli(['list', ...target, '--region', 'cn-hangzhou', '--product', 'ecs', '--limit', '2', '-o', 'JSON', '--format', 'XML'], env);
    expect(json.code, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout)).toHaveLength(2);
    const watched = await runCli(['watch', createEcsInvocation('echo ok', ['i-bp1timeout1h30m']), ...target, '--region', 'cn-hangzhou', '--interval', '100ms', '--timeout', '1h30m'], env, { timeoutMs: 60_000 });
    expect(watched.code, watched.stderr).toBe(0);
  }, 60_000);

  it('refuses durations and dates that cannot be, while parsing, with exit code 2', async () => {
    // An unknown id with a valid timeout would wait; these never reach the waiter.
    expect(expectOneLineError(await runCli(['watch', 't-hzany', ...target, '--region', 'cn-hangzhou', '--timeout', '99999999999999d'], env), 2)).toMatch(
      /--timeout.*longer than the most allowed here, 24d20h31m23s647ms/,
    );
    expect(expectOneLineError(await runCli(['watch', 't-hzany', ...target, '--region', 'cn-hangzhou', '--timeout', '0.0001ms'], env), 2)).toMatch(
      /--timeout.*shorter than 1 ms/,
    );
    expect(expectOneLineError(await runCli(['list', ...target, '--region', 'cn-hangzhou', '--since', '2025-02-30'], env), 2)).toMatch(
      /--since.*2025-02 has no day 30/,
    );
  }, 60_000);

  it('refuses a flag that cannot apply to the chosen product, naming both', async () => {
    expect(expectOneLineError(await runCli(['list', ...target, '--region', 'cn-hangzhou', '--product', 'ecs', '--node', 'e01-x'], env), 2)).toBe(
      'error: --node does not apply to ecs (only to eflo): drop --node or ecs from --product',
    );
    expect(expectOneLineError(await runCli(['list', ...target, '--region', 'cn-hangzhou', '--product', 'eflo', '--instance', 'i-x', '--invoke-id', 't-x'], env), 2)).toMatch(
      /^error: --instance does not apply to eflo/,
    );
    expect(expectOneLineError(await runCli(['list', ...target, '--region', 'cn-hangzhou', '--product', 'swas', '--command-id', 'c-x'], env), 2)).toMatch(
      /^error: --command-id does not apply to swas/,
    );
    // Without --product the flag narrows the products: no eflo note, only ECS rows.
    const [ecs] = emulator.store.list('ecs', 'cn-hangzhou');
    const narrowed = await runCli(['list', ...target, '--region', 'cn-hangzhou', '--command-id', ecs!.commandId!, '-o', 'json'], env);
    expect(narrowed.code, narrowed.stderr).toBe(0);
    expect(new Set((JSON.parse(narrowed.stdout) as { product: string }[]).map((item) => item.product))).toEqual(new Set(['ecs']));
    expect(narrowed.stderr).not.toMatch(/^eflo/m);
    // Global options that do not apply are refused too.
    expect(expectOneLineError(await runCli(['list', ...target, '--region', 'cn-hangzhou', '--seed', '3'], env), 2)).toMatch(/--seed applies only with --emulator/);
    expect(expectOneLineError(await runCli(['emulator', '--endpoint', emulator.url], env), 2)).toMatch(/--endpoint does not apply to `invocations emulator`/);
   }, 120_000);

  it('hints at http:// when a scheme-less --endpoint meets a plain-HTTP server', async () => {
    const bare = emulator.url.replace(/^http:\/\//, '');
    const result = await runCli(['get', 't-hzwhatever0001', '--endpoint', bare, '--region', 'cn-hangzhou'], env, { timeoutMs: 90_000 });
    const line = expectOneLineError(result, 2);
    expect(line).toBe(`error: --endpoint ${bare} has no scheme, so https was used, and the server there does not speak TLS; for a plain-HTTP server such as the emulator use http://${bare}`);
    expect(result.stderr).not.toMatch(/ssl|openssl/i);
  }, 90_000);

  it('says --profile, not the library\'s option names', async () => {
    const home = emptyHome();
    mkdirSync(join(home, '.aliyun'));
    writeFileSync(join(home, '.aliyun', 'config.json'), JSON.stringify({ current: 'default', profiles: [{ name: 'default', mode: 'AK', access_key_id: 'id', access_key_secret: 'secret' }] }), { mode: 0o600 });
    const line = expectOneLineError(await runCli(['list', '--region', 'cn-hangzhou', '--profile', 'work'], { HOME: home }), 2);
    expect(line).toMatch(/profile work \(chosen by --profile\) is not in/);
    expect(line).not.toMatch(/option/);
    expect(expectOneLineError(await runCli(['list', '--region', 'cn-hangzhou', '--profile', ' '], { HOME: home }), 2)).toMatch(/--profile/);
    const missing = expectOneLineError(await runCli(['get', 't-x', '--region', 'cn-hangzhou', '--profile', 'work'], { HOME: emptyHome() }), 2);
    expect(missing).toMatch(/^error: --profile work was asked for/);
  }, 60_000);

  it('says where it looked for credentials and suggests --emulator', async () => {
    const result = await runCli(['list', '--region', 'cn-hangzhou'], { HOME: emptyHome() });
    const line = expectOneLineError(result, 2);
    expect(line).toContain('ALIBABA_CLOUD_ACCESS_KEY_ID');
    expect(line).toContain('.aliyun/config.json');
    expect(line).toContain('--emulator');
    expect(line).not.toMatch(/credentials option/);
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
    // Each command's help lists the global options its examples use, and only those that apply.
    const globalsOf = async (command: string) => (await runCli([command, '--help'], env)).stdout.split('Global Options:')[1]?.split('\n\n')[0] ?? '';
    expect(await globalsOf('emulator')).toMatch(/--seed <n>/);
    expect(await globalsOf('emulator')).not.toMatch(/--output|--endpoint|--profile/);
    for (const command of ['list', 'get', 'watch']) {
      const listed = await globalsOf(command);
      for (const option of ['-o, --output <format>', '--emulator', '--endpoint <url>', '--profile <name>', '--seed <n>']) expect(listed, command).toContain(option);
    }
  }, 120_000);
});

describe('--emulator', () => {
  it('lists the seeded regions and points at an eflo invocation to get', async () => {
    const result = await runCli(['list', '--emulator'], { HOME: emptyHome(), COLUMNS: '100' });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^ecs\s+cn-hangzhou\s+t-/m);
    expect(result.stdout).toMatch(/^swas\s+cn-shanghai/m);
    const hint = /invocations get (t-\S+) --product eflo --region (\S+) --emulator/.exec(result.stderr);
    expect(hint, result.stderr).not.toBeNull();
    const get = await runCli(['get', hint![1]!, '--product', 'eflo', '--region', hint![2]!, '--emulator', '-o', 'json'], { HOME: emptyHome() });
    expect(get.code, get.stderr).toBe(0);
    expect(invocationSchema.parse(JSON.parse(get.stdout))).toMatchObject({ product: 'eflo', invokeId: hint![1] });
  }, 60_000);

  it('holds the demo invocation in the seeded data, as invocations-emulator does', async () => {
    const get = await runCli(['get', 't-hzdemowatch0001', '--emulator', '-o', 'json'], { HOME: emptyHome() });
    expect(get.code, get.stderr).toBe(0);
    expect(JSON.parse(get.stdout)).toMatchObject({ product: 'ecs', region: 'cn-hangzhou', invokeId: 't-hzdemowatch0001', commandName: 'rolling-deploy' });
    const listed = await runCli(['list', '--emulator', '--product', 'ecs', '-o', 'json'], { HOME: emptyHome() });
    expect(listed.code, listed.stderr).toBe(0);
    expect((JSON.parse(listed.stdout) as { invokeId: string }[]).map((item) => item.invokeId)).toContain('t-hzdemowatch0001');
  }, 60_000);
});

const emulatorBin = join(cliDir, '..', 'emulator', 'dist', 'bin.js');

/** What a listing holds, without the times that move with the clock each emulator started on. */
function stableRows(stdout: string): string[] {
  return (JSON.parse(stdout) as { product: string; region: string; invokeId: string; commandName?: string; targets: { id: string }[] }[])
    .map((item) => [item.product, item.region, item.invokeId, item.commandName ?? '', item.targets.map((one) => one.id).sort().join(',')].join(' '))
    .sort();
}

describe('invocations emulator', () => {
  it('prints its URL, access key and exports, serves the CLI through them, and stops on SIGTERM', async () => {
    const server = await startPrinting([binPath, 'emulator', '--seed', '3'], /press Ctrl-C/, { HOME: emptyHome() });
    const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(server.printed)?.[1];
    const id = /ALIBABA_CLOUD_ACCESS_KEY_ID=(\S+)/.exec(server.printed)?.[1];
    expect(server.printed).toContain(`access key id:     ${id}`);
    expect(server.printed).toContain(`INVOCATIONS_ENDPOINT=${url}`);
    const exports = Object.fromEntries([...server.printed.matchAll(/\b([A-Z_]+)=(\S+)/g)].map((pair) => [pair[1]!, pair[2]!]));
    const listed = await runCli(['list', '--region', 'cn-hangzhou', '--product', 'ecs', '-o', 'json'], { HOME: emptyHome(), ...exports });
    expect(listed.code, listed.stderr).toBe(0);
    expect((JSON.parse(listed.stdout) as unknown[]).length).toBeGreaterThan(0);
    // The eflo line it prints works as printed.
    const getLine = /invocations (get t-\S+ --product eflo --region cn-hangzhou)/.exec(server.printed);
    expect(getLine, server.printed).not.toBeNull();
    const got = await runCli([...getLine![1]!.split(' '), '-o', 'json'], { HOME: emptyHome(), ...exports });
    expect(got.code, got.stderr).toBe(0);
    expect(JSON.parse(got.stdout)).toMatchObject({ product: 'eflo', region: 'cn-hangzhou' });
    const result = await server.stop();
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('emulator stopped');
  }, 60_000);

  it('holds the same data for the same --seed as invocations-emulator and --emulator', async () => {
    const keys = { HOME: emptyHome(), ALIBABA_CLOUD_ACCESS_KEY_ID: env.ALIBABA_CLOUD_ACCESS_KEY_ID!, ALIBABA_CLOUD_ACCESS_KEY_SECRET: env.ALIBABA_CLOUD_ACCESS_KEY_SECRET! };
    const ours = await startPrinting([binPath, 'emulator', '--seed', '11'], /listening on (http:\/\/\S+)/, { HOME: emptyHome() });
    const theirs = await startPrinting([emulatorBin, '--seed', '11'], /listening on (http:\/\/\S+)/, { HOME: emptyHome() });
    try {
      const query = ['list', '--region', 'cn-hangzhou,cn-shanghai', '--product', 'ecs,swas', '-o', 'json'];
      const fromOurs = await runCli([...query, '--endpoint', ours.match[1]!], keys, { timeoutMs: 60_000 });
      const fromTheirs = await runCli([...query, '--endpoint', theirs.match[1]!], keys, { timeoutMs: 60_000 });
      const embedded = await runCli([...query, '--emulator', '--seed', '11'], { HOME: emptyHome() }, { timeoutMs: 60_000 });
      for (const result of [fromOurs, fromTheirs, embedded]) expect(result.code, result.stderr).toBe(0);
      const rows = stableRows(fromTheirs.stdout);
      expect(rows.length).toBeGreaterThan(10);
      expect(stableRows(fromOurs.stdout)).toEqual(rows);
      expect(stableRows(embedded.stdout)).toEqual(rows);
      // Another seed is other data.
      const other = await runCli([...query, '--emulator', '--seed', '12'], { HOME: emptyHome() }, { timeoutMs: 60_000 });
      expect(stableRows(other.stdout)).not.toEqual(rows);
    } finally {
      await ours.stop();
      await theirs.stop();
    }
  }, 120_000);

  it('says in one line, exit code 2, that the port is in use or out of range', async () => {
    const port = new URL(emulator.url).port;
    const inUse = expectOneLineError(await runCli(['emulator', '--port', port], { HOME: emptyHome() }), 2);
    expect(inUse).toBe(`error: port ${port} is already in use on 127.0.0.1 (127.0.0.1:${port}): pick another --port, or --port 0 for a free one`);
    expect(expectOneLineError(await runCli(['emulator', '--port', '70000'], { HOME: emptyHome() }), 2)).toMatch(/--port .*70000.*0 \(a free one\) to 65535/);
    expect(expectOneLineError(await runCli(['emulator', '--seed', '-1'], { HOME: emptyHome() }), 2)).toMatch(/--seed/);
  });
});

describe('the exports invocations-emulator prints', () => {
  it('point the CLI at it as printed: INVOCATIONS_ENDPOINT and the access key variables', async () => {
    const server = await startPrinting([emulatorBin, '--seed', '5'], /INVOCATIONS_ENDPOINT=\S+\n/, { HOME: emptyHome() });
    try {
      const exports = Object.fromEntries([...server.printed.matchAll(/^export ([A-Z_]+)=(\S+)$/gm)].map((pair) => [pair[1]!, pair[2]!]));
      expect(Object.keys(exports)).toEqual(expect.arrayContaining(['INVOCATIONS_ENDPOINT', 'ALIBABA_CLOUD_ACCESS_KEY_ID', 'ALIBABA_CLOUD_ACCESS_KEY_SECRET']));
      const region = exports.ALIBABA_CLOUD_REGION_ID ? [] : ['--region', 'cn-hangzhou'];
      const listed = await runCli(['list', ...region, '--product', 'ecs', '-o', 'json', '--debug'], { HOME: emptyHome(), ...exports });
      expect(listed.code, listed.stderr).toBe(0);
      expect(listed.stderr).toContain(`debug: endpoint ${exports.INVOCATIONS_ENDPOINT} (from INVOCATIONS_ENDPOINT)`);
      expect((JSON.parse(listed.stdout) as unknown[]).length).toBeGreaterThan(0);
    } finally {
      await server.stop();
    }
  }, 60_000);

  it('lose to --endpoint, and a bad INVOCATIONS_ENDPOINT is named', async () => {
    const dead = { ...env, INVOCATIONS_ENDPOINT: 'http://127.0.0.1:9' };
    const flagWins = await runCli(['list', ...target, '--region', 'cn-hangzhou', '--product', 'ecs', '--limit', '1', '-o', 'json'], dead);
    expect(flagWins.code, flagWins.stderr).toBe(0);
    const bad = await runCli(['list', '--region', 'cn-hangzhou'], { ...env, INVOCATIONS_ENDPOINT: 'http://127.0.0.1:8790/api' });
    expect(expectOneLineError(bad, 2)).toMatch(/^error: INVOCATIONS_ENDPOINT: .*without a path/);
  });
});

describe("eflo's region behind one endpoint", () => {
  const efloIn = (region: string) => emulator.store.list('eflo', region)[0]!.invokeId;

  it('lists an eflo invocation once, labelled with the region that holds it (--emulator)', async () => {
    const hint = await runCli(['list', '--emulator', '--product', 'ecs,eflo', '--limit', '1', '-o', 'json'], { HOME: emptyHome() });
    const invokeId = /invocations get (t-\S+) --product eflo --region cn-hangzhou/.exec(hint.stderr)?.[1];
    expect(invokeId, hint.stderr).toBeDefined();
    const result = await runCli(['list', '--emulator', '--product', 'eflo', '--invoke-id', invokeId!, '-o', 'json'], { HOME: emptyHome() });
    expect(result.code, result.stderr).toBe(0);
    const rows = JSON.parse(result.stdout) as { invokeId: string; region: string }[];
    expect(rows).toEqual([expect.objectContaining({ invokeId, region: 'cn-hangzhou' })]);
    expect(result.stderr).not.toMatch(/^eflo/m);
  }, 60_000);

  it('lists it once with a single --endpoint, in either order of --region', async () => {
    const invokeId = efloIn('cn-hangzhou');
    for (const regions of ['cn-hangzhou,cn-shanghai', 'cn-shanghai,cn-hangzhou']) {
      const result = await runCli(['list', ...target, '--region', regions, '--product', 'eflo', '--invoke-id', invokeId, '-o', 'json'], env);
      expect(result.code, result.stderr).toBe(0);
      expect(JSON.parse(result.stdout), regions).toEqual([expect.objectContaining({ invokeId, region: 'cn-hangzhou' })]);
    }
    const get = await runCli(['get', invokeId, ...target, '--region', 'cn-shanghai,cn-hangzhou', '--product', 'eflo', '-o', 'json'], env);
    expect(get.code, get.stderr).toBe(0);
    expect(JSON.parse(get.stdout)).toMatchObject({ invokeId, region: 'cn-hangzhou' });
  });

  it('refuses a region the endpoint does not serve for eflo instead of mislabelling', async () => {
    const invokeId = efloIn('cn-hangzhou');
    const listed = await runCli(['list', ...target, '--region', 'cn-shanghai', '--product', 'eflo', '--invoke-id', invokeId, '-o', 'json'], env);
    expect(JSON.parse(listed.stdout)).toEqual([]);
    expect(listed.stderr).toMatch(/^eflo: --endpoint http:\/\/127\.0\.0\.1:\d+ answers eflo as cn-hangzhou only, .*cn-shanghai.*skipped/m);
    const watched = await runCli(['watch', invokeId, ...target, '--region', 'cn-shanghai', '--product', 'eflo'], env);
    expect(expectOneLineError(watched, 2)).toMatch(/answers eflo as cn-hangzhou only, not cn-shanghai: pass --region cn-hangzhou/);
  });
});

describe('~/.aliyun/config.json', () => {
  const profileHome = (mode: number): string => {
    const home = emptyHome();
    mkdirSync(join(home, '.aliyun'));
    const config = {
      current: 'default',
      profiles: [{ name: 'default', mode: 'AK', access_key_id: emulator.credentials.accessKeyId, access_key_secret: emulator.credentials.accessKeySecret, region_id: 'cn-hangzhou' }],
    };
    writeFileSync(join(home, '.aliyun', 'config.json'), JSON.stringify(config), { mode });
    chmodSync(join(home, '.aliyun', 'config.json'), mode);
    return home;
  };

  it('warns once on stderr when other users can read it, and still uses it', async () => {
    const result = await runCli(['list', ...target, '--product', 'ecs', '-o', 'ndjson'], { HOME: profileHome(0o644) });
    expect(result.code, result.stderr).toBe(0);
    expect(linesOf(result.stdout).length).toBeGreaterThan(0);
    const warnings = linesOf(result.stderr).filter((line) => line.startsWith('warning: '));
    expect(warnings, result.stderr).toHaveLength(1);
    expect(warnings[0]).toMatch(/config\.json/);
    expect(result.stderr).not.toContain(emulator.credentials.accessKeySecret);
  }, 60_000);

  it('says nothing when only its owner can read it', async () => {
    const result = await runCli(['list', ...target, '--product', 'ecs', '-o', 'ndjson'], { HOME: profileHome(0o600) });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).not.toMatch(/warning/);
  }, 60_000);

  it('does not hang on a FIFO there while the keys come from the environment', async () => {
    const home = emptyHome();
    mkdirSync(join(home, '.aliyun'));
    execFileSync('mkfifo', [join(home, '.aliyun', 'config.json')]);
    const result = await runCli(['list', ...target, '--product', 'ecs', '--region', 'cn-hangzhou', '-o', 'ndjson'], { ...env, HOME: home }, { timeoutMs: 30_000 });
    expect(result.code, result.stderr).toBe(0);
    expect(linesOf(result.stdout).length).toBeGreaterThan(0);
  }, 60_000);
});
