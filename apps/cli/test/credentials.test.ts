import { startEmulator, type Emulator } from '@invocations/emulator';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emptyHome, ensureBuilt, runCli } from './helpers.js';

// The CLI lists through the emulator with temporary credentials: an instance role, an assumed role and OIDC.
const ROLE_ARN = 'acs:ram::1234567890123456:role/invocations-reader';
const PROVIDER_ARN = 'acs:ram::1234567890123456:oidc-provider/ack-rrsa';
const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQ6ZGVmYXVsdDpjbGkifQ.c2lnbmF0dXJl';

let emulator: Emulator;

beforeAll(async () => {
  ensureBuilt();
  emulator = await startEmulator({ seed: 11, seedOptions: { perRegion: 5 }, temporaryCredentials: { stsSeconds: 900, metadataSeconds: 900, metadataRoles: ['EcsReader'] } });
}, 180_000);

afterAll(async () => {
  await emulator?.close();
});

function homeWithConfig(profiles: Record<string, unknown>[]): string {
  const home = emptyHome();
  mkdirSync(join(home, '.aliyun'), { recursive: true });
  writeFileSync(join(home, '.aliyun', 'config.json'), JSON.stringify({ current: profiles[0]?.name, profiles }), { mode: 0o600 });
  return home;
}

/** `invocations list` of ECS in one region, JSON out; the STS and metadata endpoints point at the emulator. */
async function listWith(env: Record<string, string>, extra: string[] = []) {
  const result = await runCli(['list', '--endpoint', emulator.url, '--region', 'cn-hangzhou', '--product', 'ecs', '-o', 'json', ...extra], {
    INVOCATIONS_STS_ENDPOINT: emulator.url,
    INVOCATIONS_METADATA_ENDPOINT: emulator.url,
    ...env,
  });
  expect(result.code, result.stderr).toBe(0);
  const rows = JSON.parse(result.stdout) as unknown[];
  expect(rows.length).toBeGreaterThan(0);
  return result;
}

describe('invocations list with temporary credentials', () => {
  it('an EcsRamRole profile: one metadata token and one credentials request', async () => {
    const before = emulator.credentialCounts();
    await listWith({ HOME: homeWithConfig([{ name: 'ecs', mode: 'EcsRamRole', ram_role_name: 'EcsReader', region_id: 'cn-hangzhou' }]) });
    const after = emulator.credentialCounts();
    expect(after.metadataToken - before.metadataToken).toBe(1);
    expect(after.metadataCredentials - before.metadataCredentials).toBe(1);
  });

  it('a RamRoleArn profile chosen with --profile: one AssumeRole signed with its AccessKey', async () => {
    const before = emulator.credentialCounts().assumeRole;
    const home = homeWithConfig([
      { name: 'default', mode: 'AK', access_key_id: 'unused', access_key_secret: 'unused-secret' },
      { name: 'role', mode: 'RamRoleArn', access_key_id: emulator.credentials.accessKeyId, access_key_secret: emulator.credentials.accessKeySecret, ram_role_arn: ROLE_ARN, ram_session_name: 'cli' },
    ]);
    const result = await listWith({ HOME: home }, ['--profile', 'role']);
    expect(emulator.credentialCounts().assumeRole - before).toBe(1);
    expect(`${result.stdout}${result.stderr}`).not.toContain(emulator.credentials.accessKeySecret);
  });

  it('OIDC from the environment: one AssumeRoleWithOIDC, the token never printed, not even with --debug', async () => {
    const home = emptyHome();
    const tokenFile = join(home, 'token');
    writeFileSync(tokenFile, JWT);
    const before = emulator.credentialCounts().assumeRoleWithOidc;
    const result = await listWith(
      { HOME: home, ALIBABA_CLOUD_ROLE_ARN: ROLE_ARN, ALIBABA_CLOUD_OIDC_PROVIDER_ARN: PROVIDER_ARN, ALIBABA_CLOUD_OIDC_TOKEN_FILE: tokenFile },
      ['--debug'],
    );
    expect(emulator.credentialCounts().assumeRoleWithOidc - before).toBe(1);
    expect(result.stderr).toContain('debug:');
    expect(`${result.stdout}${result.stderr}`).not.toContain(JWT);
  });

  it('a broken OIDC token is one line with exit code 2 or 5, without the token', async () => {
    const home = emptyHome();
    const tokenFile = join(home, 'token');
    writeFileSync(tokenFile, 'secret-but-not-a-jwt');
    const result = await runCli(['list', '--endpoint', emulator.url, '--region', 'cn-hangzhou', '--product', 'ecs'], {
      HOME: home,
      INVOCATIONS_STS_ENDPOINT: emulator.url,
      ALIBABA_CLOUD_ROLE_ARN: ROLE_ARN,
      ALIBABA_CLOUD_OIDC_PROVIDER_ARN: PROVIDER_ARN,
      ALIBABA_CLOUD_OIDC_TOKEN_FILE: tokenFile,
    });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('AuthenticationFail.OIDCToken.Invalid');
    expect(`${result.stdout}${result.stderr}`).not.toContain('secret-but-not-a-jwt');
  });
});
