import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The built command, as users run it (turbo's test task builds this package first).
const bin = fileURLToPath(new URL('../dist/bin.js', import.meta.url));

describe('invocations-emulator command', () => {
  it('prints its URL and the access key to use, and serves seeded data there', async () => {
    expect(existsSync(bin), `${bin} is missing: build the package first (npx tsup)`).toBe(true);
    const child = spawn(process.execPath, [bin, '--port', '0', '--seed', '1', '--per-region', '5'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const output = await new Promise<string>((resolve, reject) => {
        let text = '';
        child.stdout.on('data', (chunk: Buffer) => {
          text += chunk.toString('utf8');
          if (text.includes('INVOCATIONS_ENDPOINT')) resolve(text);
        });
        child.on('exit', (code) => reject(new Error(`exited with ${code}`)));
        child.on('error', reject);
      });
      const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
      expect(url).toBeDefined();
      expect(output).toMatch(/AccessKeyId: +\S+/);
      expect(output).toMatch(/AccessKeySecret: +\S+/);
      expect(output).toContain('export ALIBABA_CLOUD_ACCESS_KEY_ID=');
      const response = await fetch(`${url}/?Action=DescribeInvocations&Version=2014-05-26&RegionId=cn-hangzhou`);
      expect(response.status).toBe(400);
      expect(((await response.json()) as { Code: string }).Code).toBe('MissingParameter');
    } finally {
      child.kill('SIGTERM');
    }
  });
});
