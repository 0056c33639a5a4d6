import { describe, expect, it } from 'vitest';
import { regionFromHost } from './products.js';
import { OUTPUT_LIMIT_BYTES, cutOutput, encodeText, isoTime } from './shapes.js';

describe('cutOutput', () => {
  it('keeps short output whole', () => {
    expect(cutOutput('abc')).toEqual({ output: 'abc', dropped: 0 });
  });

  it('measures 24 KB in UTF-8 bytes and counts dropped characters', () => {
    const text = '中'.repeat(10_000); // 3 bytes each: 8192 fit in 24 KB
    const { output, dropped } = cutOutput(text);
    expect(Buffer.byteLength(output)).toBeLessThanOrEqual(OUTPUT_LIMIT_BYTES);
    expect(output.length).toBe(8192);
    expect(dropped).toBe(10_000 - 8192);
  });
});

describe('wire helpers', () => {
  it('formats times without milliseconds and encodes UTF-8 Base64', () => {
    expect(isoTime(Date.UTC(2025, 0, 2, 3, 4, 5, 678))).toBe('2025-01-02T03:04:05Z');
    expect(encodeText('admin\n', 'Base64')).toBe('YWRtaW4K');
    expect(encodeText('x', 'PlainText')).toBe('x');
  });

  it('finds the region in a Host header', () => {
    expect(regionFromHost('eflo-controller.cn-wulanchabu.aliyuncs.com')).toBe('cn-wulanchabu');
    expect(regionFromHost('cn-shanghai.localhost:8080')).toBe('cn-shanghai');
    expect(regionFromHost('ap-southeast-1.example:1')).toBe('ap-southeast-1');
    expect(regionFromHost('127.0.0.1:8080')).toBeUndefined();
  });
});
