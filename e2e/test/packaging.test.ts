// What `npm publish` would ship, and what a fresh clone does on its first install.
import { execFile, execFileSync } from 'node:child_process';
import { constants } from 'node:fs';
import { access, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

interface Manifest {
  name: string;
  private?: boolean;
  license?: string;
  bin?: Record<string, string>;
  dependencies?: Record<string, string>;
}

const workspaces: { dir: string; manifest: Manifest }[] = [];

beforeAll(async () => {
  for (const parent of ['packages', 'apps']) {
    for (const name of await readdir(join(root, parent))) {
      const dir = join(root, parent, name);
      workspaces.push({ dir, manifest: JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as Manifest });
    }
  }
  for (const dir of ['bench', 'e2e']) workspaces.push({ dir: join(root, dir), manifest: JSON.parse(await readFile(join(root, dir, 'package.json'), 'utf8')) as Manifest });
});

/** The environment without the npm_config_* variables a `pnpm run` sets (npm would warn about those, not about the repository). */
const cleanEnv = () => Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(npm|pnpm)_/i.test(name)));

const published = () => workspaces.filter((workspace) => !workspace.manifest.private);

describe('the tarballs', () => {
  it('are the nine public packages; bench and e2e are private and never versioned', async () => {
    expect(published().map((workspace) => workspace.manifest.name).sort()).toEqual(
      ['@invocations/archive', '@invocations/cli', '@invocations/console', '@invocations/core', '@invocations/ecs', '@invocations/eflo', '@invocations/emulator', '@invocations/openapi', '@invocations/swas'].sort(),
    );
    const changesets = JSON.parse(await readFile(join(root, '.changeset/config.json'), 'utf8')) as { ignore: string[] };
    expect(changesets.ignore).toEqual(expect.arrayContaining(['@invocations/bench', '@invocations/e2e']));
  });

  it('each carry the LICENSE (MIT, the same text as the repository root), README and package.json', async () => {
    const license = await readFile(join(root, 'LICENSE'), 'utf8');
    expect(license).toMatch(/^MIT License\n/);
    const packs = await Promise.all(
      published().map(async ({ dir, manifest }) => {
        const { stdout } = await run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: dir, env: cleanEnv() });
        const [pack] = JSON.parse(stdout) as { files: { path: string; mode: number }[] }[];
        return { name: manifest.name, manifest, dir, files: pack!.files };
      }),
    );
    for (const { name, manifest, dir, files } of packs) {
      const paths = files.map((file) => file.path);
      expect(manifest.license, name).toBe('MIT');
      expect(paths, name).toEqual(expect.arrayContaining(['LICENSE', 'README.md', 'package.json']));
      expect(await readFile(join(dir, 'LICENSE'), 'utf8'), `${name}/LICENSE`).toBe(license);
      expect(paths.filter((path) => /\.test\.ts$|(^|\/)test\//.test(path)), name).toEqual([]);
      // A bin is a committed shim: it is in the tarball, executable, and exists before any build.
      for (const target of Object.values(manifest.bin ?? {})) {
        const path = target.replace(/^\.\//, '');
        expect(path.startsWith('dist/'), `${name} bin ${target}`).toBe(false);
        const packed = files.find((file) => file.path === path);
        expect(packed, `${name} packs ${path}`).toBeDefined();
        expect(packed!.mode & 0o111, `${name} ${path} is executable`).not.toBe(0);
      }
    }
  });
});

describe('a quiet first run', () => {
  it('npm finds no pnpm-only setting in the repository (no "Unknown project config")', async () => {
    const { stderr } = await run('npm', ['config', 'get', 'registry'], { cwd: root, env: cleanEnv() });
    expect(stderr).not.toMatch(/Unknown (project|user|env) config/);
    await expect(access(join(root, '.npmrc'))).rejects.toThrow();
    expect(await readFile(join(root, 'pnpm-workspace.yaml'), 'utf8')).toMatch(/^autoInstallPeers: true$/m);
  });

  it('the bins run from a fresh checkout once built, and say what to do before', async () => {
    for (const { dir, manifest } of published()) {
      for (const [name, target] of Object.entries(manifest.bin ?? {})) {
        const path = join(dir, target);
        await access(path, constants.X_OK);
        const { stdout } = await run(process.execPath, [path, '--help'], { cwd: dir });
        expect(stdout, name).toMatch(new RegExp(name));
      }
    }
    const tracked = execFileSync('git', ['ls-files', 'apps/*/bin/*'], { cwd: root, encoding: 'utf8' }).trim().split('\n');
    expect(tracked.sort()).toEqual(['apps/cli/bin/invocations.js', 'apps/console/bin/invocations-console.js', 'apps/emulator/bin/invocations-emulator.js']);
  });

  it('pnpm install of a fresh clone prints no warning (the committed tree, offline from the store)', async () => {
    const clone = await mkdtemp(join(tmpdir(), 'invocations-clone-'));
    try {
      await run('git', ['clone', '--quiet', '--depth', '1', `file://${root}`, clone]);
      const env = { ...cleanEnv(), CI: 'true' };
      // The store already holds every package (the workspace was installed from the same lockfile).
      const result = await run('npx', ['--yes', 'pnpm@10.34.9', 'install', '--frozen-lockfile', '--offline'], { cwd: clone, env, timeout: 240_000 }).catch(
        (error: { stdout?: string; stderr?: string }) => ({ stdout: error.stdout ?? '', stderr: `${error.stderr ?? ''}\ninstall failed` }),
      );
      const output = `${result.stdout}\n${result.stderr}`;
      expect(output).not.toMatch(/Unknown project config/);
      expect(output).not.toMatch(/Failed to create bin/);
      expect(output).not.toMatch(/Ignored build scripts/);
      expect(output).not.toMatch(/install failed/);
    } finally {
      await rm(clone, { recursive: true, force: true });
    }
  });
});
