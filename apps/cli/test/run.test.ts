// `invocations run` and `invocations stop` against the emulator, for each product: success, a failing
// target (named, exit 1), a command timeout, stop, an unknown target, and the idempotent retry.
import { startEmulator, type Emulator } from '@invocations/emulator';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run as runInProcess } from '../src/run.js';
import { emptyHome, ensureBuilt, linesOf, runCli } from './helpers.js';

const REGION = 'cn-hangzhou';
let emulator: Emulator;
let env: Record<string, string>;
let home: string;
let swasRunning: string[];

beforeAll(async () => {
  ensureBuilt();
  emulator = await startEmulator({
    seed: 5,
    seedOptions: { perRegion: 4, swasInstances: 4 },
    simulation: { dispatchMs: 200, runMs: 600, stopMs: 300, stopBehaviour: 'terminate' },
  });
  const instances = emulator.instances.list(REGION).filter((instance) => instance.Status === 'Running');
  swasRunning = instances.map((instance) => instance.InstanceId);
  // A running SWAS instance whose id makes the simulated agent exit 1 (the emulator's steering rules).
  emulator.instances.add({ ...(instances[0] as (typeof instances)[number]), InstanceId: 'swas-fail-cli' });
  home = emptyHome();
  env = { HOME: home, ALIBABA_CLOUD_ACCESS_KEY_ID: emulator.credentials.accessKeyId, ALIBABA_CLOUD_ACCESS_KEY_SECRET: emulator.credentials.accessKeySecret };
}, 180_000);

afterAll(async () => {
  await emulator?.close();
});

const run = (product: string, targets: string, extra: string[], command: string[] = ['echo', 'hello'], options: Parameters<typeof runCli>[2] = {}) =>
  runCli(['run', '--endpoint', emulator.url, '--product', product, '--region', REGION, '--target', targets, ...extra, '--', ...command], env, { timeoutMs: 60_000, ...options });

// The command timeout needs 10 s of agent time: the emulator's clock is moved on instead of waited for.
function fastForward(): { onSpawn: () => void; stop: () => void } {
  let timer: ReturnType<typeof setInterval> | undefined;
  return { onSpawn: () => (timer = setInterval(() => emulator.advance(1_000), 100)), stop: () => clearInterval(timer) };
}

describe.each([
  { product: 'ecs', ok: 'i-cliok0001', fail: 'i-clifail0002', unknown: 'i-climissing03', unknownCode: /i-climissing03 Invalid.*TargetNotExists/ },
  { product: 'eflo', ok: 'e-cliok0001', fail: 'e-clifail0002', unknown: 'e-climissing03', unknownCode: /e-climissing03 Invalid.*TargetNotExists/ },
  { product: 'swas', ok: '', fail: 'swas-fail-cli', unknown: 'swas-climissing', unknownCode: /swas-climissing Invalid.*InvalidInstanceId\.NotFound/ },
])('invocations run --product $product', ({ product, ok, fail, unknown, unknownCode }) => {
  const good = () => ok || (swasRunning[0] as string);

  it('exits 0 when every target succeeds', async () => {
    const result = await run(product, good(), ['--name', `cli-${product}`]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/finished Success: 1 ok/);
  });

  it('exits 1 and names the failing target', async () => {
    const result = await run(product, `${good()},${fail}`, []);
    expect(result.code, result.stderr).toBe(1);
    expect(result.stdout).toMatch(/1 ok \/ 1 failed/);
    expect(result.stdout).toContain(`${fail} Failed, exit 1`);
  });

  it('a command past --timeout ends in Timeout and exits 1', async () => {
    const clock = fastForward();
    const result = await run(product, good(), ['--timeout', '10s'], ['sleep', '20'], { onSpawn: clock.onSpawn });
    clock.stop();
    expect(result.code, result.stderr).toBe(1);
    expect(result.stdout).toMatch(/Timeout.*ExecutionTimeout/);
  });

  it('an unknown target is Invalid with its error code, exit 1', async () => {
    const result = await run(product, `${good()},${unknown}`, ['-o', 'table']);
    expect(result.code, result.stderr).toBe(1);
    expect(result.stdout).toMatch(unknownCode);
  });

  it('a lost answer never runs twice', async () => {
    emulator.setFaults({ dropCreatedResponses: 1 }, product as 'ecs');
    const before = emulator.store.count(product as 'ecs');
    try {
      const result = await run(product, good(), ['--no-wait', '-o', 'json']);
      expect(emulator.store.count(product as 'ecs')).toBe(before + 1);
      if (product === 'swas') {
        // SWAS has no ClientToken: the call is not retried, and the error says it may have started.
        expect(result.code).toBe(5);
        expect(result.stderr).toMatch(/may have started there.*no ClientToken/);
      } else {
        expect(result.code, result.stderr).toBe(0);
        const { invokeId } = JSON.parse(result.stdout) as { invokeId: string };
        expect(emulator.store.list(product as 'ecs', REGION)[0]?.invokeId).toBe(invokeId);
      }
    } finally {
      emulator.setFaults({}, product as 'ecs');
    }
  });
});

describe('invocations stop', () => {
  it.each(['ecs', 'eflo'] as const)('stops a %s invocation (exit 3 for its watcher)', async (product) => {
    // `sleep 600` (within a 900 s timeout): the stops must find the run still going however slowly the CLI
    // starts (with `sleep 30`, four CLI starts on a loaded machine could outlast the run, which then ended
    // Success, not Stopped).
    const started = await run(product, `${product}-stopme1,${product}-stopme2`, ['--no-wait', '--timeout', '900s'], ['sleep', '600']);
    expect(started.code, started.stderr).toBe(0);
    const invokeId = linesOf(started.stdout)[0] as string;
    const stopped = await runCli(['stop', invokeId, '--endpoint', emulator.url, '--product', product, '--region', REGION, '--target', `${product}-stopme2`], env);
    expect(stopped.code, stopped.stderr).toBe(0);
    expect(stopped.stdout).toMatch(new RegExp(`stop requested: ${invokeId} on ${product}-stopme2`));
    const all = await runCli(['stop', invokeId, '--endpoint', emulator.url, '--product', product, '--region', REGION, '-o', 'json'], env);
    expect(JSON.parse(all.stdout)).toEqual({ invokeId, stopped: true });
    const watched = await runCli(['watch', invokeId, '--endpoint', emulator.url, '--product', product, '--region', REGION, '--interval', '100ms'], env, { timeoutMs: 60_000 });
    expect(watched.code, watched.stdout + watched.stderr).toBe(3);
    // Four CLI runs in a row: each start alone took 3-4 s at load 9 and over 15 s at load 18 on 2 cores.
  }, 120_000);

  it('refuses SWAS (no StopInvocation) and an unknown id', async () => {
    const swas = await runCli(['stop', 't-any', '--endpoint', emulator.url, '--product', 'swas', '--region', REGION], env);
    expect(swas.code).toBe(2);
    expect(swas.stderr).toMatch(/swas has no StopInvocation/);
    const unknown = await runCli(['stop', 't-nosuch', '--endpoint', emulator.url, '--product', 'ecs', '--region', REGION], env);
    expect(unknown.code).toBe(5);
    expect(unknown.stderr).toMatch(/InvalidInvokeId\.NotFound/);
  });
});

describe('invocations run options', () => {
  it('--stop-on-interrupt stops the invocation on Ctrl-C (exit 130)', async () => {
    const result = await run('ecs', 'i-clictrlc01', ['--stop-on-interrupt'], ['sleep', '60'], {
      onSpawn: (child) => child.stdout?.once('data', () => child.kill('SIGINT')),
    });
    expect(result.code, result.stderr).toBe(130);
    const stoppedId = /stopped (t-\S+)/.exec(result.stderr)?.[1];
    expect(stoppedId, result.stderr).toBeDefined();
    // Stopped while running: Stopping, then Terminated; on a loaded machine the Ctrl-C may come before
    // the target started, and a stop then cancels it (Cancelled, the same stopped class).
    expect(emulator.inspect('ecs', REGION, stoppedId as string)?.targets[0]?.status).toMatch(/^(Stopping|Terminated|Cancelled)$/);
  });

  it('more than 20 targets need --yes when stdin is not a terminal', async () => {
    const many = Array.from({ length: 21 }, (_, index) => `i-climany${String(index).padStart(3, '0')}`).join(',');
    const refused = await run('ecs', many, ['--no-wait']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/21 targets .*needs --yes/);
    const accepted = await run('ecs', many, ['--no-wait', '--yes']);
    expect(accepted.code, accepted.stderr).toBe(0);
  });

  it('reads the script from --file, checks before sending, and works with --emulator', async () => {
    const script = join(home, 'check.sh');
    writeFileSync(script, 'echo from-file\n');
    const fromFile = await runCli(['run', '--endpoint', emulator.url, '--product', 'ecs', '--region', REGION, '--target', 'i-clifile01', '--file', script, '-o', 'json'], env, { timeoutMs: 60_000 });
    expect(fromFile.code, fromFile.stderr).toBe(0);
    expect(JSON.parse(fromFile.stdout)).toMatchObject({ status: 'Success', commandContent: 'echo from-file\n' });
    const bad = await run('ecs', 'i-a', ['--timeout', '5s']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/timeoutSeconds: must be at least 10/);
    const local = await runCli(['run', '--emulator', '--product', 'ecs', '--target', 'i-emu1', '--', 'echo', 'hi'], { HOME: home }, { timeoutMs: 60_000 });
    expect(local.code, local.stderr).toBe(0);
  });
});

describe('confirmation from a terminal', () => {
  it('asks before running on more than 20 targets, and runs nothing on no', async () => {
    const many = Array.from({ length: 25 }, (_, index) => `i-cliask${String(index).padStart(3, '0')}`).join(',');
    const questions: string[] = [];
    let stderr = '';
    const io = (answer: boolean) => ({
      stdout: { write: () => true },
      stderr: { write: (chunk: string) => (stderr += chunk) },
      env,
      stdinIsTTY: true,
      confirm: async (question: string) => {
        questions.push(question);
        return answer;
      },
    });
    const argv = ['run', '--endpoint', emulator.url, '--product', 'ecs', '--region', REGION, '--target', many, '--no-wait', '--', 'echo', 'hi'];
    const before = emulator.store.count('ecs');
    expect(await runInProcess(argv, io(false))).toBe(2);
    expect(questions).toEqual(['Run on 25 ecs targets? [y/N] ']);
    expect(stderr).toMatch(/not run/);
    expect(emulator.store.count('ecs')).toBe(before);
    expect(await runInProcess(argv, io(true))).toBe(0);
    expect(emulator.store.count('ecs')).toBe(before + 1);
  });
});
