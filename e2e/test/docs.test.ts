// The doc-test: every TypeScript and JavaScript block of the root README and of each package's README
// runs, as a user would run it (`node example.mjs` against the built packages), and the TypeScript
// blocks type-check. A block marked `<!-- doc-test: cloud -->` needs a real account: type-checked only.
// Beside it, the rules user docs keep: install lines name what the examples import, no internal words,
// links that work where the README is read (the repository, or the npm registry for package READMEs).
import { execFile, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { transform } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DocBlock, extractDocBlocks, importedPackages, installedPackages, isCodeBlock, isTypeScript } from '../src/doc-blocks.js';

const run = promisify(execFile);
const e2eDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const root = resolve(e2eDir, '..');
const blocksDir = join(e2eDir, '.doc-blocks');
const guard = join(e2eDir, 'test/support/loopback-only.mjs');
const tscBin = join(root, 'node_modules/typescript/bin/tsc');

/** The READMEs users read: the root, and each published package's (the npm registry shows those). */
const PACKAGE_READMES = [
  'packages/core/README.md',
  'packages/openapi/README.md',
  'packages/ecs/README.md',
  'packages/swas/README.md',
  'packages/eflo/README.md',
  'apps/emulator/README.md',
  'apps/cli/README.md',
  'apps/console/README.md',
];
const USER_DOCS = ['README.md', ...PACKAGE_READMES];

interface FileBlock extends DocBlock {
  readme: string;
  /** The block as a module file under .doc-blocks/, without extension. */
  name: string;
}

const docs = new Map<string, string>();
const codeBlocks: FileBlock[] = [];
let home: string;

beforeAll(async () => {
  await rm(blocksDir, { recursive: true, force: true });
  await mkdir(blocksDir, { recursive: true });
  home = await mkdtemp(join(tmpdir(), 'doc-test-home-'));
  for (const readme of USER_DOCS) {
    const text = await readFile(join(root, readme), 'utf8');
    docs.set(readme, text);
    for (const block of extractDocBlocks(text).filter(isCodeBlock)) {
      const name = `${readme.replace(/\/?README\.md$/, '').replace(/\//g, '-') || 'root'}-L${block.line}`;
      codeBlocks.push({ ...block, readme, name });
      // `export {}` makes every block a module: top-level await, and no name clashes between blocks.
      if (isTypeScript(block)) await writeFile(join(blocksDir, `${name}.ts`), `${block.code}\nexport {};\n`);
      const js = isTypeScript(block) ? (await transform(block.code, { loader: 'ts', format: 'esm', target: 'node20' })).code : block.code;
      await writeFile(join(blocksDir, `${name}.mjs`), js);
    }
  }
  await writeFile(
    join(blocksDir, 'tsconfig.json'),
    // No @invocations/source condition: the blocks see the built .d.ts files, as a user does (and it is twice as fast).
    JSON.stringify({ extends: '../../tsconfig.base.json', compilerOptions: { customConditions: [] }, include: ['*.ts'] }, null, 2),
  );
});

afterAll(async () => {
  await rm(home, { recursive: true, force: true });
});

describe('README code blocks', () => {
  it('finds blocks in every README, and the ones that need the cloud say so', () => {
    expect(codeBlocks.length).toBeGreaterThanOrEqual(10);
    for (const readme of ['README.md', 'packages/ecs/README.md', 'packages/swas/README.md', 'packages/eflo/README.md', 'apps/emulator/README.md']) {
      const runnable = codeBlocks.filter((block) => block.readme === readme && block.marker !== 'cloud');
      expect(runnable.length, `${readme} has an example that runs against the emulator`).toBeGreaterThan(0);
    }
  });

  it('type-check (every TypeScript block, the cloud ones too)', async () => {
    const result = await run(process.execPath, [tscBin, '--noEmit', '-p', join(blocksDir, 'tsconfig.json')], { cwd: e2eDir }).catch(
      (error: { stdout?: string; stderr?: string }) => ({ stdout: error.stdout ?? '', stderr: error.stderr ?? 'tsc failed' }),
    );
    expect(`${result.stdout}${result.stderr}`.trim()).toBe('');
  });

  it('run against the emulator and print something (all but the cloud ones)', async () => {
    const runnable = codeBlocks.filter((block) => block.marker !== 'cloud');
    // No credentials from this machine: a block that forgot the emulator fails instead of reaching a real account.
    const env = { PATH: process.env.PATH ?? '', HOME: home, NODE_OPTIONS: '' };
    const results = [];
    // Three at a time: each starts its own emulator, and the machine is shared.
    for (let index = 0; index < runnable.length; index += 3) {
      results.push(
        ...(await Promise.all(
          runnable.slice(index, index + 3).map(async (block) => {
            const where = `${block.readme}:${block.line}`;
            try {
              const { stdout } = await run(process.execPath, ['--import', guard, join(blocksDir, `${block.name}.mjs`)], { cwd: e2eDir, env, timeout: 60_000 });
              return { where, ok: stdout.trim() !== '', output: stdout.trim() === '' ? 'printed nothing' : '' };
            } catch (error) {
              const failure = error as { stderr?: string; message: string };
              return { where, ok: false, output: (failure.stderr || failure.message).slice(0, 2_000) };
            }
          }),
        )),
      );
    }
    expect(results.filter((result) => !result.ok)).toEqual([]);
  });
});

describe('install lines', () => {
  it('name every package the examples import', () => {
    for (const readme of USER_DOCS) {
      const blocks = extractDocBlocks(docs.get(readme) ?? '');
      const installed = new Set(installedPackages(blocks));
      const imported = new Set(blocks.filter(isCodeBlock).flatMap((block) => importedPackages(block.code)));
      const text = docs.get(readme) ?? '';
      // The emulator's bin comes from @invocations/emulator, whatever else is installed.
      if (/npx (--yes )?invocations-emulator/.test(text)) imported.add('@invocations/emulator');
      const missing = [...imported].filter((name) => !installed.has(name));
      expect(missing, `${readme}: imported or run but not in an npm install line`).toEqual([]);
    }
  });
});

describe('user docs', () => {
  it('use no internal words (seed numbers, the issue tracker)', () => {
    const internal = /\bseeds? ?\d{3}\b|\bS00\d\b|\bthe issue\b|\bissue asks\b|\bseed data (?:file|document)/gi;
    const found = USER_DOCS.flatMap((readme) => [...(docs.get(readme) ?? '').matchAll(internal)].map((match) => `${readme}: ${match[0]}`));
    expect(found).toEqual([]);
  });

  it('package READMEs link absolutely (a relative link breaks on the npm registry)', () => {
    const relativeLinks = PACKAGE_READMES.flatMap((readme) =>
      [...(docs.get(readme) ?? '').matchAll(/\]\(([^)\s]+)\)/g)].map((match) => match[1] as string).filter((target) => !/^(https?:|mailto:|#)/.test(target)).map((target) => `${readme}: ${target}`),
    );
    expect(relativeLinks).toEqual([]);
  });

  it('repository docs link only files that are in the repository', async () => {
    const tracked = new Set(execFileSync('git', ['ls-files'], { cwd: root, encoding: 'utf8' }).split('\n'));
    const trackedDirs = new Set([...tracked].flatMap((file) => file.split('/').slice(0, -1).map((_, index, parts) => parts.slice(0, index + 1).join('/'))));
    const repositoryDocs = ['README.md', 'CONTRIBUTING.md', ...[...tracked].filter((file) => /^docs\/.*\.md$/.test(file)), 'bench/README.md'];
    expect(repositoryDocs).toContain('docs/design.md');
    const broken: string[] = [];
    for (const doc of repositoryDocs) {
      const text = await readFile(join(root, doc), 'utf8');
      for (const match of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        const target = (match[1] as string).replace(/#.*$/, '');
        if (target === '' || /^(https?:|mailto:)/.test(target)) continue;
        const path = relative(root, resolve(root, dirname(doc), target));
        if (!tracked.has(path) && !trackedDirs.has(path.replace(/\/$/, ''))) broken.push(`${doc}: ${match[1]}`);
      }
      // Paths outside the repository (the shared notes this project started from) are not links either.
      for (const match of text.matchAll(/`(\.\.\/[^`]+)`/g)) {
        const path = relative(root, resolve(root, dirname(doc), match[1] as string));
        if (path.startsWith('..') || !existsSync(join(root, path))) broken.push(`${doc}: ${match[1]}`);
      }
    }
    expect(broken).toEqual([]);
  });
});
