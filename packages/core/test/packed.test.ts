// Packs @invocations/core the way `npm publish` would, installs the tarball into a directory
// outside the workspace with plain npm, then imports it from an .mjs and type-checks a .ts
// consumer with tsc. This is what a user who runs `npm install @invocations/core` gets.
//
// The build goes to a staging copy (tsup --out-dir) rather than packages/core/dist, so running
// this test never deletes the dist that other packages' tests may be reading at the same time.
import { execFile, spawnSync } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const workspaceDir = resolve(packageDir, '../..');
const tscBin = join(workspaceDir, 'node_modules/typescript/bin/tsc');
const tsupBin = join(workspaceDir, 'node_modules/tsup/dist/cli-default.js');

const npmVersion = spawnSync('npm', ['--version'], { encoding: 'utf8' });
const npmAvailable = npmVersion.status === 0;
if (!npmAvailable) console.warn(`packed.test.ts skipped: npm is not available (${npmVersion.error?.message ?? npmVersion.stderr})`);

const consumerMjs = `
import {
  aggregateStatus, deriveInvokeStatus, isTerminal, mapTargetError, invocationSchema, listInvocations,
  waitForInvocation, summarizeInvocation, formatTargetCounts, ApiError, NotFoundError, TARGET_ERROR_CODES,
} from '@invocations/core';

const invocation = {
  product: 'ecs', invokeId: 't-1', parameters: {}, timed: false, status: 'PartialFailed',
  targets: [
    { id: 'i-1', kind: 'instance', status: 'Success', exitCode: 0, droppedBytes: 0, repeats: 1 },
    { id: 'i-2', kind: 'instance', status: 'Failed', exitCode: 1, droppedBytes: 0, repeats: 1, errorCode: 'ExitCodeNonzero' },
  ],
};
const source = (region, items) => ({
  product: 'ecs', region,
  async *list() { yield* items; },
  async get(invokeId) {
    const found = items.find((item) => item.invokeId === invokeId);
    if (!found) throw new NotFoundError({ invokeId });
    return found;
  },
});
const listed = [];
for await (const item of listInvocations([source('cn-hangzhou', [invocation]), source('cn-shanghai', [{ ...invocation, invokeId: 't-2' }])])) listed.push(item.invokeId);
const waited = await waitForInvocation(source('cn-hangzhou', [invocation]), 't-1', { minDelayMs: 1, maxDelayMs: 1 });
console.log(JSON.stringify({
  aggregate: aggregateStatus(['Success', 'Failed']),
  legacy: deriveInvokeStatus('Success'),
  terminal: isTerminal('Stopped'),
  mapped: mapTargetError({ product: 'eflo', errorCode: ' NodeNotExists:' }),
  parsed: invocationSchema.parse(JSON.parse(JSON.stringify(invocation))).invokeId,
  listed: listed.sort(),
  waited: waited.state,
  counts: formatTargetCounts(summarizeInvocation(invocation)),
  apiError: ApiError.isInstance(new ApiError({ code: 'X', message: 'y', httpStatus: 500 })),
  codes: TARGET_ERROR_CODES.length,
}));
`;

const consumerTs = `
import {
  aggregateStatus, listInvocations, waitForInvocation, summarizeInvocation, mapTargetError, NotFoundError,
  type Invocation, type InvocationSource, type InvocationStatus, type WaitResult, type InvocationSummary,
  type MappedTargetError, type TargetErrorCode,
} from '@invocations/core';

const status: InvocationStatus = aggregateStatus(['Success', 'Cancelled']);
const code: TargetErrorCode = 'TargetNotExists';
const mapped: MappedTargetError = mapTargetError({ product: 'swas', errorCode: 'InstanceNotExists' });

const source: InvocationSource = {
  product: 'swas',
  region: 'cn-hangzhou',
  async *list(): AsyncGenerator<Invocation> {},
  async get(invokeId: string): Promise<Invocation> {
    throw new NotFoundError({ invokeId, product: 'swas' });
  },
};

export async function main(): Promise<[WaitResult, InvocationSummary | undefined, number]> {
  const stream = listInvocations([source], { pageSize: 50 }, { concurrency: 2 });
  for await (const invocation of stream) invocation.targets.map((target) => target.exitCode);
  const result = await waitForInvocation(source, 't-1', { timeoutMs: 1_000 });
  const summary = result.invocation ? summarizeInvocation(result.invocation) : undefined;
  return [result, summary, stream.failures.length + status.length + code.length + (mapped.errorCode?.length ?? 0)];
}

// The types are real, not any: each of these must be an error.
// @ts-expect-error a number is not a status list
aggregateStatus(42);
// @ts-expect-error 'gce' is not a product
const wrong: InvocationSource['product'] = 'gce';
// @ts-expect-error pageSize is a number
listInvocations([source], { pageSize: '50' });
void wrong;
`;

describe.skipIf(!npmAvailable)('the packed tarball of @invocations/core', () => {
  let root = '';
  let consumerDir = '';

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'invocations-core-pack-'));
    const staging = join(root, 'package');
    await mkdir(staging);
    // Exactly what npm pack would see: package.json, README, src (its `files` field filters tests), a fresh dist.
    await cp(join(packageDir, 'package.json'), join(staging, 'package.json'));
    await cp(join(packageDir, 'README.md'), join(staging, 'README.md'));
    await cp(join(packageDir, 'src'), join(staging, 'src'), { recursive: true });
    await run(process.execPath, [tsupBin, '--out-dir', join(staging, 'dist')], { cwd: packageDir });
    await run('npm', ['pack', '--pack-destination', root, '--silent'], { cwd: staging });
    const tarball = (await readdir(root)).find((name) => name.endsWith('.tgz'));
    if (!tarball) throw new Error(`npm pack left no tarball in ${root}`);

    consumerDir = join(root, 'consumer');
    await mkdir(consumerDir);
    await writeFile(join(consumerDir, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
    await run('npm', ['install', join(root, tarball), '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], {
      cwd: consumerDir,
      env: { ...process.env, npm_config_workspaces: 'false' },
    });
    await writeFile(join(consumerDir, 'consumer.mjs'), consumerMjs);
    await writeFile(join(consumerDir, 'consumer.ts'), consumerTs);
  }, 300_000);

  afterAll(async () => {
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('holds dist and src but no tests', async () => {
    const installed = join(consumerDir, 'node_modules/@invocations/core');
    const files = await readdir(installed, { recursive: true });
    expect(files).toEqual(expect.arrayContaining(['package.json', 'README.md', join('dist', 'index.js'), join('dist', 'index.d.ts'), join('src', 'index.ts')]));
    expect(files.filter((file) => file.endsWith('.test.ts'))).toEqual([]);
    // zod comes as a peer dependency, installed by npm beside it
    expect(await readdir(join(consumerDir, 'node_modules'))).toContain('zod');
  }, 60_000);

  it('imports from an .mjs and works', async () => {
    const { stdout } = await run(process.execPath, ['consumer.mjs'], { cwd: consumerDir });
    expect(JSON.parse(stdout)).toEqual({
      aggregate: 'PartialFailed',
      legacy: 'Finished',
      terminal: true,
      mapped: { errorCode: 'TargetNotExists', rawErrorCode: ' NodeNotExists:' },
      parsed: 't-1',
      listed: ['t-1', 't-2'],
      waited: 'failure',
      counts: '1 ok / 1 failed',
      apiError: true,
      codes: 18,
    });
  }, 60_000);

  it.each(['NodeNext', 'Bundler'])('type-checks a .ts consumer with tsc (moduleResolution %s)', async (resolution) => {
    const tsconfig = `tsconfig.${resolution}.json`;
    await writeFile(
      join(consumerDir, tsconfig),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          target: 'ES2022',
          lib: ['ES2023', 'DOM'],
          module: resolution === 'NodeNext' ? 'NodeNext' : 'ESNext',
          moduleResolution: resolution,
          noEmit: true,
          skipLibCheck: false,
          types: [],
        },
        files: ['consumer.ts'],
      }),
    );
    const result = await run(process.execPath, [tscBin, '-p', tsconfig], { cwd: consumerDir }).then(
      () => ({ ok: true, output: '' }),
      (error: { stdout?: string; stderr?: string }) => ({ ok: false, output: `${error.stdout ?? ''}${error.stderr ?? ''}` }),
    );
    expect(result.output).toBe('');
    expect(result.ok).toBe(true);
  }, 120_000);
});
