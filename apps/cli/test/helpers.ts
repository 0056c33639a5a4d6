import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** apps/cli */
export const cliDir = fileURLToPath(new URL('..', import.meta.url));
/** The built CLI the tests run. */
export const binPath = join(cliDir, 'dist', 'bin.js');
const repoRoot = join(cliDir, '..', '..');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(path));
    else if (!entry.name.endsWith('.test.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * Builds what the child processes run: the packages the CLI imports (through turbo, when one has no
 * `dist` yet) and the CLI itself (when `dist/bin.js` is missing or older than `src`). Under
 * `pnpm test` turbo has built everything already and this does nothing.
 */
export function ensureBuilt(): void {
  const dependencies = ['packages/core', 'packages/openapi', 'packages/ecs', 'packages/swas', 'packages/eflo', 'packages/archive', 'apps/emulator', 'apps/console'];
  if (dependencies.some((dir) => !existsSync(join(repoRoot, dir, 'dist', 'index.js')))) {
    execFileSync('npx', ['turbo', 'run', 'build', '--filter=@invocations/cli^...', '--output-logs=errors-only'], { cwd: repoRoot, stdio: 'pipe' });
  }
  if (!existsSync(binPath) || statSync(binPath).mtimeMs < newestMtime(join(cliDir, 'src'))) {
    execFileSync('npx', ['tsup'], { cwd: cliDir, stdio: 'pipe' });
  }
}

/** An empty HOME, so no ~/.aliyun/config.json of the machine running the tests is read. */
export function emptyHome(): string {
  return mkdtempSync(join(tmpdir(), 'invocations-cli-home-'));
}

/** What a finished CLI process left. */
export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `node dist/bin.js ...args` with exactly `env` (plus PATH) and collects its output and exit code. */
export function runCli(
  args: readonly string[],
  env: Record<string, string>,
  options: { timeoutMs?: number; onSpawn?: (child: ChildProcess) => void } = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [binPath, ...args], {
      cwd: cliDir,
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`invocations ${args.join(' ')} did not finish in ${options.timeoutMs ?? 30_000} ms\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, options.timeoutMs ?? 30_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    options.onSpawn?.(child);
  });
}

/** The non-empty lines of a text. */
export function linesOf(text: string): string[] {
  return text.split('\n').filter((line) => line.trim() !== '');
}

/** Runs a long-lived process (an emulator) until `ready` matches what it printed; resolves with the match and a stop function. */
export async function startPrinting(
  command: string[],
  ready: RegExp,
  env: Record<string, string>,
): Promise<{ printed: string; match: RegExpExecArray; stop: () => Promise<CliResult> }> {
  const child = spawn(process.execPath, command, { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let printed = '';
  let errors = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (printed += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (errors += chunk));
  const closed = new Promise<CliResult>((resolve) => child.on('close', (code) => resolve({ code, stdout: printed, stderr: errors })));
  const deadline = Date.now() + 30_000;
  let match: RegExpExecArray | null = null;
  while (!(match = ready.exec(printed))) {
    if (Date.now() > deadline || child.exitCode !== null) {
      child.kill('SIGKILL');
      throw new Error(`${command.join(' ')} did not get ready: ${printed} ${errors}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    printed,
    match,
    stop: () => {
      child.kill('SIGTERM');
      return closed;
    },
  };
}
