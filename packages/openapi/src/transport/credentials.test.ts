import { execFileSync } from 'node:child_process';
import { chmod, mkdir, mkdtemp, open, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigurationError } from '@invocations/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_CONFIG_FILE_BYTES } from './config-file.js';
import * as webReader from './config-file-web.js';
import { defaultAliyunConfigPath, readAliyunConfigFile, resolveCredentials } from './credentials.js';

const SECRET = 'S3CRET-do-not-print-0001';
const TOKEN = 'STS-TOKEN-do-not-print-0002';
let dir: string;
let configPath: string;
const missingPath = () => join(dir, 'nope', 'config.json');

async function rejection(promise: Promise<unknown>): Promise<ConfigurationError> {
  try {
    await promise;
  } catch (error) {
    expect(ConfigurationError.isInstance(error)).toBe(true);
    const text = `${String(error)} ${JSON.stringify(error)} ${(error as Error).message}`;
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain(TOKEN);
    return error as ConfigurationError;
  }
  throw new Error('expected a ConfigurationError');
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'openapi-credentials-'));
  configPath = join(dir, 'config.json');
  // As the aliyun CLI writes it: tab-indented, with fields we ignore.
  await writeFile(
    configPath,
    JSON.stringify(
      {
        current: 'main',
        profiles: [
          { name: 'main', mode: 'AK', access_key_id: 'id-main', access_key_secret: SECRET, region_id: 'cn-hangzhou', output_format: 'json', language: 'en' },
          { name: 'sts', mode: 'ststoken', access_key_id: 'id-sts', access_key_secret: SECRET, sts_token: TOKEN, region_id: 'cn-shanghai' },
          { name: 'role', mode: 'CloudSSO', access_key_id: 'id-role', access_key_secret: SECRET, ram_role_arn: 'acs:ram::1:role/x', ram_session_name: 's' },
          { name: 'half', mode: 'StsToken', access_key_id: 'id-half', access_key_secret: SECRET },
        ],
        meta_path: '',
      },
      null,
      '\t',
    ),
    { mode: 0o600 }, // as the aliyun CLI writes it; other modes are warned about
  );
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('resolveCredentials: explicit', () => {
  it('returns validated explicit credentials without looking elsewhere', async () => {
    await expect(
      resolveCredentials({ credentials: { accessKeyId: 'a', accessKeySecret: SECRET, securityToken: TOKEN }, env: { ALIBABA_CLOUD_ACCESS_KEY_ID: 'x' } }),
    ).resolves.toEqual({ accessKeyId: 'a', accessKeySecret: SECRET, securityToken: TOKEN });
  });

  it('names the bad field without echoing the secret', async () => {
    const error = await rejection(resolveCredentials({ credentials: { accessKeyId: '', accessKeySecret: SECRET } }));
    expect(error.message).toBe('credentials: accessKeyId must be a non-empty string');
    const both = await rejection(resolveCredentials({ credentials: { accessKeyId: SECRET, accessKeySecret: 42 as never, securityToken: '' } }));
    expect(both.message).toMatch(/accessKeySecret must be a non-empty string.*securityToken must be a non-empty string when given/);
    expect((await rejection(resolveCredentials({ credentials: null as never }))).message).toBe(
      'credentials: must be an object with accessKeyId and accessKeySecret',
    );
  });

  it('calls an async provider each time and validates what it returns', async () => {
    let calls = 0;
    const provider = async () => {
      calls += 1;
      return { accessKeyId: `id-${calls}`, accessKeySecret: SECRET };
    };
    await expect(resolveCredentials({ credentials: provider })).resolves.toEqual({ accessKeyId: 'id-1', accessKeySecret: SECRET });
    await expect(resolveCredentials({ credentials: provider })).resolves.toEqual({ accessKeyId: 'id-2', accessKeySecret: SECRET });
    const bad = await rejection(resolveCredentials({ credentials: () => ({ accessKeyId: 'x', accessKeySecret: ' ' }) }));
    expect(bad.message).toBe('credentials provider result: accessKeySecret must be a non-empty string');
    const failing = await rejection(
      resolveCredentials({
        credentials: () => {
          throw new Error('vault down');
        },
      }),
    );
    expect(failing.message).toMatch(/credentials provider failed/);
    expect((failing.cause as Error).message).toBe('vault down');
  });
});

describe('resolveCredentials: environment', () => {
  it('reads ALIBABA_CLOUD_* first, then the older names, with the optional token', async () => {
    await expect(
      resolveCredentials({
        env: { ALIBABA_CLOUD_ACCESS_KEY_ID: 'new', ALICLOUD_ACCESS_KEY_ID: 'old', ALIBABA_CLOUD_ACCESS_KEY_SECRET: SECRET, ALIBABA_CLOUD_SECURITY_TOKEN: TOKEN },
        configPath,
      }),
    ).resolves.toEqual({ accessKeyId: 'new', accessKeySecret: SECRET, securityToken: TOKEN });
    await expect(
      resolveCredentials({ env: { ALIBABACLOUD_ACCESS_KEY_ID: 'a', ALIBABACLOUD_ACCESS_KEY_SECRET: SECRET }, configPath }),
    ).resolves.toEqual({ accessKeyId: 'a', accessKeySecret: SECRET });
    await expect(
      resolveCredentials({ env: { ALICLOUD_ACCESS_KEY_ID: 'b', ALICLOUD_ACCESS_KEY_SECRET: SECRET, ALICLOUD_SECURITY_TOKEN: TOKEN }, configPath }),
    ).resolves.toEqual({ accessKeyId: 'b', accessKeySecret: SECRET, securityToken: TOKEN });
    await expect(
      resolveCredentials({ env: { ACCESS_KEY_ID: 'c', ACCESS_KEY_SECRET: SECRET, SECURITY_TOKEN: TOKEN, ALIBABA_CLOUD_ACCESS_KEY_ID: '  ' }, configPath }),
    ).resolves.toEqual({ accessKeyId: 'c', accessKeySecret: SECRET, securityToken: TOKEN });
  });

  it('says which half is missing', async () => {
    const error = await rejection(resolveCredentials({ env: { ALIBABA_CLOUD_ACCESS_KEY_ID: 'x' }, configPath }));
    expect(error.message).toMatch(/ALIBABA_CLOUD_ACCESS_KEY_ID is set but no AccessKey secret is \(set ALIBABA_CLOUD_ACCESS_KEY_SECRET or/);
    const other = await rejection(resolveCredentials({ env: { ALICLOUD_ACCESS_KEY_SECRET: SECRET }, configPath }));
    expect(other.message).toMatch(/ALICLOUD_ACCESS_KEY_SECRET is set but no AccessKey id/);
  });
});

describe('resolveCredentials: ~/.aliyun/config.json', () => {
  it('uses the current profile when the environment has no keys', async () => {
    await expect(resolveCredentials({ env: {}, configPath })).resolves.toEqual({ accessKeyId: 'id-main', accessKeySecret: SECRET });
  });

  it('picks the profile from the option, then the profile variables (mode matched in any case)', async () => {
    const sts = { accessKeyId: 'id-sts', accessKeySecret: SECRET, securityToken: TOKEN };
    await expect(resolveCredentials({ env: {}, configPath, profile: 'sts' })).resolves.toEqual(sts);
    await expect(resolveCredentials({ env: { ALIBABA_CLOUD_PROFILE: 'sts' }, configPath })).resolves.toEqual(sts);
    await expect(resolveCredentials({ env: { ALIBABACLOUD_PROFILE: 'sts', ALIBABA_CLOUD_PROFILE: 'main' }, configPath })).resolves.toEqual(sts);
    await expect(resolveCredentials({ env: { ALICLOUD_PROFILE: 'sts' }, configPath })).resolves.toEqual(sts);
    // An explicit profile wins over keys in the environment; the environment wins over the file's current profile.
    await expect(
      resolveCredentials({ env: { ALIBABA_CLOUD_ACCESS_KEY_ID: 'env', ALIBABA_CLOUD_ACCESS_KEY_SECRET: SECRET }, configPath, profile: 'main' }),
    ).resolves.toEqual({ accessKeyId: 'id-main', accessKeySecret: SECRET });
    await expect(
      resolveCredentials({ env: { ALIBABA_CLOUD_ACCESS_KEY_ID: 'env', ALIBABA_CLOUD_ACCESS_KEY_SECRET: SECRET }, configPath }),
    ).resolves.toEqual({ accessKeyId: 'env', accessKeySecret: SECRET });
  });

  it('rejects other modes by name, incomplete profiles and unknown profiles', async () => {
    expect((await rejection(resolveCredentials({ env: {}, configPath, profile: 'role' }))).message).toMatch(
      /^profile role uses mode CloudSSO, which is not supported \(supported: AK, StsToken, RamRoleArn, EcsRamRole, OIDC, ChainableRamRoleArn, CredentialsURI\)/,
    );
    expect((await rejection(resolveCredentials({ env: {}, configPath, profile: 'half' }))).message).toMatch(/profile half \(mode StsToken\) .* has no sts_token/);
    expect((await rejection(resolveCredentials({ env: {}, configPath, profile: 'ghost' }))).message).toMatch(
      /profile ghost \(chosen by the profile option\) is not in .*config\.json \(profiles: main, sts, role, half\)/,
    );
    expect((await rejection(resolveCredentials({ env: { ALIBABA_CLOUD_PROFILE: 'ghost' }, configPath }))).message).toMatch(/chosen by ALIBABA_CLOUD_PROFILE/);
    expect((await rejection(resolveCredentials({ env: {}, configPath: missingPath(), profile: 'main' }))).message).toMatch(/profile main was asked for, but .* does not exist/);
    expect((await rejection(resolveCredentials({ env: {}, configPath, profile: ' ' }))).message).toBe('profile: must be a non-empty profile name');
  });

  it('does not quote a broken file (it holds secrets)', async () => {
    const broken = join(dir, 'broken.json');
    await writeFile(broken, `{"profiles":[{"name":"x","access_key_secret":"${SECRET}"`, { mode: 0o600 });
    expect((await rejection(resolveCredentials({ env: {}, configPath: broken }))).message).toBe(`${broken} is not valid JSON`);
  });

  it('lists where it looked when nothing is found', async () => {
    const error = await rejection(resolveCredentials({ env: {}, configPath: missingPath() }));
    expect(error.message).toMatch(/^no Alibaba Cloud credentials found: looked at the credentials option, the environment variables ALIBABA_CLOUD_ACCESS_KEY_ID, ALIBABACLOUD_ACCESS_KEY_ID, ALICLOUD_ACCESS_KEY_ID, ACCESS_KEY_ID with ALIBABA_CLOUD_ACCESS_KEY_SECRET/);
    expect(error.message).toContain(`${missingPath()} (does not exist)`);
    const empty = join(dir, 'empty.json');
    await writeFile(empty, JSON.stringify({ current: '', profiles: [] }), { mode: 0o600 });
    expect((await rejection(resolveCredentials({ env: {}, configPath: empty }))).message).toMatch(/no Alibaba Cloud credentials found: .*profile default \(chosen by default\) is not in/);
  });
});

describe('resolveCredentials: what ~/.aliyun/config.json may be', () => {
  const profileJson = (id: string) => JSON.stringify({ current: 'p', profiles: [{ name: 'p', mode: 'AK', access_key_id: id, access_key_secret: SECRET }] });

  it.runIf(process.platform !== 'win32')('refuses a FIFO at once instead of waiting for a writer', async () => {
    const fifo = join(dir, 'fifo.json');
    execFileSync('mkfifo', [fifo]);
    // Reading a FIFO with no writer never ends: before the fix this test timed out.
    const error = await rejection(resolveCredentials({ env: {}, configPath: fifo }));
    expect(error.message).toBe(`${fifo} is a FIFO, not a regular file: it was not read`);
  });

  it.runIf(process.platform === 'linux')('refuses a device and a directory', async () => {
    expect((await rejection(resolveCredentials({ env: {}, configPath: '/dev/zero' }))).message).toBe('/dev/zero is a device, not a regular file: it was not read');
    const folder = join(dir, 'folder.json');
    await mkdir(folder);
    expect((await rejection(resolveCredentials({ env: {}, configPath: folder }))).message).toBe(`${folder} is a directory, not a regular file: it was not read`);
  });

  it('refuses a file over 1 MiB without reading it, even a sparse one of 4 GiB', async () => {
    for (const size of [MAX_CONFIG_FILE_BYTES + 1, 4 * 1024 ** 3]) {
      const big = join(dir, `big-${size}.json`);
      const handle = await open(big, 'w');
      await handle.truncate(size); // sparse: no disk space used
      await handle.close();
      expect((await stat(big)).size).toBe(size);
      const started = process.memoryUsage().rss;
      const error = await rejection(resolveCredentials({ env: {}, configPath: big }));
      expect(error.message).toBe(`${big} is larger than 1048576 bytes (1 MiB): it was not read; an aliyun CLI config is a small JSON file`);
      expect(process.memoryUsage().rss - started).toBeLessThan(256 * 1024 * 1024);
    }
    // Exactly at the cap is still read (and here, not JSON).
    const edge = join(dir, 'edge.json');
    await writeFile(edge, profileJson('id-edge').padEnd(MAX_CONFIG_FILE_BYTES, ' '), { mode: 0o600 });
    await expect(resolveCredentials({ env: {}, configPath: edge })).resolves.toEqual({ accessKeyId: 'id-edge', accessKeySecret: SECRET });
  });

  it.runIf(process.platform !== 'win32')('warns once per path when other users can read the file, and never when only the owner can', async () => {
    const open644 = join(dir, 'open-644.json');
    await writeFile(open644, profileJson('id-644'));
    await chmod(open644, 0o644);
    const warnings: string[] = [];
    const onWarning = (message: string) => warnings.push(message);
    await expect(resolveCredentials({ env: {}, configPath: open644, onWarning })).resolves.toEqual({ accessKeyId: 'id-644', accessKeySecret: SECRET });
    await resolveCredentials({ env: {}, configPath: open644, onWarning });
    expect(warnings).toEqual([`${open644} is readable by other users (mode 0644) and holds AccessKey secrets; run: chmod 600 ${open644}`]);
    expect(warnings.join('')).not.toContain(SECRET);

    const groupOnly = join(dir, 'open-640.json');
    await writeFile(groupOnly, profileJson('id-640'));
    await chmod(groupOnly, 0o640);
    await resolveCredentials({ env: {}, configPath: groupOnly, onWarning });
    expect(warnings).toHaveLength(2);
    expect(warnings[1]).toContain('(mode 0640)');

    const owner = join(dir, 'owner-600.json');
    await writeFile(owner, profileJson('id-600'));
    await chmod(owner, 0o600);
    await resolveCredentials({ env: {}, configPath: owner, onWarning });
    expect(warnings).toHaveLength(2);
  });

  it.runIf(process.platform !== 'win32')('warns through process.emitWarning by default, with a code the CLI can match', async () => {
    const shared = join(dir, 'shared-604.json');
    await writeFile(shared, profileJson('id-604'));
    await chmod(shared, 0o604);
    const seen: Error[] = [];
    const listener = (warning: Error) => seen.push(warning);
    process.on('warning', listener);
    try {
      await resolveCredentials({ env: {}, configPath: shared });
      await resolveCredentials({ env: {}, configPath: shared });
      await new Promise((resolve) => setTimeout(resolve, 20)); // 'warning' is emitted on the next tick
    } finally {
      process.off('warning', listener);
    }
    const ours = seen.filter((warning) => (warning as { code?: string }).code === 'INVOCATIONS_CONFIG_FILE_MODE');
    expect(ours.map((warning) => warning.message)).toEqual([`${shared} is readable by other users (mode 0604) and holds AccessKey secrets; run: chmod 600 ${shared}`]);
  });

  it('reads the path from the given HOME, as the aliyun CLI does', async () => {
    const home = join(dir, 'home');
    await mkdir(join(home, '.aliyun'), { recursive: true });
    await writeFile(join(home, '.aliyun', 'config.json'), profileJson('id-home'), { mode: 0o600 });
    await expect(resolveCredentials({ env: { HOME: home } })).resolves.toEqual({ accessKeyId: 'id-home', accessKeySecret: SECRET });
  });

  it('exports the same reader for other fields of the file (the CLI reads region_id)', async () => {
    await expect(readAliyunConfigFile(configPath)).resolves.toMatchObject({ kind: 'found', text: expect.stringContaining('"region_id": "cn-hangzhou"') });
    await expect(readAliyunConfigFile(missingPath())).resolves.toEqual({ kind: 'missing' });
    expect(defaultAliyunConfigPath({ HOME: '/home/u' })).toBe('/home/u/.aliyun/config.json');
  });

  it('the reader for browsers and workers reads nothing and says so', async () => {
    await expect(webReader.readConfigFile(configPath)).resolves.toEqual({ kind: 'unavailable' });
    expect(webReader.defaultConfigPath({ HOME: '/home/u/' })).toBe('/home/u/.aliyun/config.json');
    expect(webReader.defaultConfigPath({})).toBeUndefined();
  });
});
