import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { startSeededEmulator } from '../src/index.js';

// The built command, as users run it (turbo's test task builds this package first).
const bin = fileURLToPath(new URL('../dist/bin.js', import.meta.url));

/** Runs the command to its exit (for flags that make it stop at once). */
function runToExit(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      reject(new Error(`did not exit: ${stdout}${stderr}`));
    }, 20_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Starts the command and resolves with its banner once INVOCATIONS_ENDPOINT is printed. */
async function startBin(args: string[]): Promise<{ output: string; stop: () => void }> {
  expect(existsSync(bin), `${bin} is missing: build the package first (npx tsup)`).toBe(true);
  const child = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const output = await new Promise<string>((resolve, reject) => {
    let text = '';
    child.stdout.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8');
      if (text.includes('INVOCATIONS_ENDPOINT')) resolve(text);
    });
    child.on('exit', (code) => reject(new Error(`exited with ${code}`)));
    child.on('error', reject);
  });
  return { output, stop: () => child.kill('SIGTERM') };
}

describe('invocations-emulator command', () => {
  it('prints its URL, the access key and the regions really seeded, and serves seeded data there', async () => {
    const { output, stop } = await startBin(['--port', '0', '--seed', '1', '--per-region', '5']);
    try {
      const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
      expect(url).toBeDefined();
      expect(output).toMatch(/AccessKeyId: +\S+/);
      expect(output).toMatch(/AccessKeySecret: +\S+/);
      expect(output).toContain('export ALIBABA_CLOUD_ACCESS_KEY_ID=');
      expect(output).toContain(`export INVOCATIONS_ENDPOINT=${url}`);
      expect(output).toMatch(/^ {2}ecs +cn-hangzhou, cn-shanghai, cn-beijing$/m);
      expect(output).toMatch(/^ {2}swas +cn-hangzhou, cn-shanghai$/m);
      expect(output).toMatch(/^ {2}eflo +cn-hangzhou, cn-shanghai, cn-wulanchabu$/m);
      expect(output).not.toMatch(/cn-shenzhen|cn-qingdao/);
      const response = await fetch(`${url}/?Action=DescribeInvocations&Version=2014-05-26&RegionId=cn-hangzhou`);
      expect(response.status).toBe(400);
      expect(((await response.json()) as { Code: string }).Code).toBe('MissingParameter');
    } finally {
      stop();
    }
  });

  it('says when it holds no data', async () => {
    const { output, stop } = await startBin(['--port', '0']);
    stop();
    expect(output).toMatch(/^Data: +none/m);
    expect(output).not.toMatch(/cn-hangzhou/);
  });

  it.each([
    [['--port', '70000'], /^invocations-emulator: --port must be an integer within 0\.\.65535, got "70000"\n$/],
    [['--port=-1'], /--port must be an integer/],
    [['--port', '8.5'], /--port must be an integer/],
    [['--seed', 'abc'], /--seed must be an integer/],
    [['--throttle-rate', '2'], /--throttle-rate must be a number within 0\.\.1/],
    [['--stop-behaviour', 'kill'], /--stop-behaviour must be documented or terminate/],
    [['--allow-origin', 'not an origin'], /allowOrigins\[0\] must be an origin/],
    [['--no-such-flag'], /Unknown option '--no-such-flag'/],
    [['--per-region', '3'], /--per-region needs --seed/],
  ])('exits 2 with one line for bad flags %j', async (args, message) => {
    const result = await runToExit(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stdout).toBe('');
  });

  it('says in one line that a port is already in use', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const result = await runToExit(['--port', String(port)]);
      expect(result.code).toBe(1);
      expect(result.stderr).toBe(`invocations-emulator: port ${port} on 127.0.0.1 is already in use; pick another with --port, or --port 0 for a free one\n`);
    } finally {
      blocker.close();
    }
  });

  it('lists --seed and --allow-origin in --help', async () => {
    const result = await runToExit(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/--seed N/);
    expect(result.stdout).toMatch(/--allow-origin ORIGIN/);
  });

  it('serves the same data for a seed as startSeededEmulator, the factory the CLI calls', async () => {
    const { output, stop } = await startBin(['--port', '0', '--seed', '4']);
    const inProcess = await startSeededEmulator({ seed: 4 });
    try {
      const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1] as string;
      const fromBin = await startSeededEmulatorIds(url);
      const fromFactory = await startSeededEmulatorIds(inProcess.url);
      expect(fromBin.length).toBeGreaterThan(5);
      expect(fromBin).toEqual(fromFactory);
      expect(fromBin).toContain('t-hzdemowatch0001');
    } finally {
      stop();
      await inProcess.close();
    }
  });
});

/** The ECS cn-hangzhou InvokeIds an emulator serves, read with an unsigned-key-free V1 request through the SDK-free helper. */
async function startSeededEmulatorIds(url: string): Promise<string[]> {
  const { signV1 } = await import('@invocations/openapi');
  const { DEFAULT_CREDENTIALS } = await import('../src/index.js');
  const parameters: Record<string, string> = {
    Action: 'DescribeInvocations',
    Version: '2014-05-26',
    Format: 'JSON',
    AccessKeyId: DEFAULT_CREDENTIALS.accessKeyId,
    SignatureMethod: 'HMAC-SHA1',
    SignatureVersion: '1.0',
    SignatureNonce: `${Math.random()}`,
    Timestamp: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
    RegionId: 'cn-hangzhou',
    PageSize: '50',
  };
  parameters.Signature = await signV1({ method: 'GET', parameters, accessKeySecret: DEFAULT_CREDENTIALS.accessKeySecret });
  const response = await fetch(`${url}/?${new URLSearchParams(parameters).toString()}`);
  const body = (await response.json()) as { Invocations: { Invocation: { InvokeId: string }[] } };
  return body.Invocations.Invocation.map((invocation) => invocation.InvokeId).sort();
}
