import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DESCRIBE_REGIONS_V1, RUN_INSTANCES_V3 } from '../../test/fixtures/signing-vectors.js';
import { canonicalizeV1, EMPTY_BODY_SHA256, percentEncode, sha256Hex, signV1, signV3 } from './signing.js';

// Vectors from ../shared/docs/protocol.md §1.5 and §2.3 (official docs, SDK tests, official-code derived).
const describeRegions = DESCRIBE_REGIONS_V1.parameters;

describe('percentEncode', () => {
  it('encodes as the RFC 3986 signing rule', () => {
    expect(percentEncode(" a!*'()~")).toBe('%20a%21%2A%27%28%29~');
    expect(percentEncode(':')).toBe('%3A');
    expect(percentEncode('/')).toBe('%2F');
    expect(percentEncode('A-Z_a.z~09')).toBe('A-Z_a.z~09');
    expect(percentEncode('+=&')).toBe('%2B%3D%26');
    expect(percentEncode('中文')).toBe('%E4%B8%AD%E6%96%87');
    expect(percentEncode('')).toBe('');
  });

  it('does not throw on a lone surrogate', () => {
    expect(percentEncode('a\uD800b')).toBe('a%EF%BF%BDb');
  });
});

describe('canonicalizeV1', () => {
  it('matches the documented DescribeRegions canonical query string', () => {
    expect(canonicalizeV1(describeRegions)).toBe(
      'AccessKeyId=testid&Action=DescribeRegions&Format=XML&SignatureMethod=HMAC-SHA1&SignatureNonce=3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf&SignatureVersion=1.0&Timestamp=2016-02-23T12%3A46%3A24Z&Version=2014-05-26',
    );
  });

  it('drops Signature, keeps empty values as Name=, and sorts by code unit (upper before lower, dot before digits)', () => {
    expect(canonicalizeV1({ b: '1', Signature: 'x', a: '', 'Tag.1.Key': 'k', Tag1: 'z', B: 'y' })).toBe('B=y&Tag.1.Key=k&Tag1=z&a=&b=1');
  });

  it('signs a value a JavaScript caller left undefined as empty, in V1 and in the V3 query', async () => {
    const unset = undefined as unknown as string;
    expect(canonicalizeV1({ a: unset, b: '1' })).toBe('a=&b=1');
    const v3 = (query: Record<string, string>) =>
      signV3({ method: 'GET', pathname: '/', query, headers: {}, payloadHash: EMPTY_BODY_SHA256, accessKeyId: 'id', accessKeySecret: 'secret' });
    const [left, empty] = await Promise.all([v3({ a: unset, b: '1' }), v3({ a: '', b: '1' })]);
    expect(left.canonicalRequest.split('\n')[2]).toBe('a=&b=1');
    expect(left.signature).toBe(empty.signature);
  });
});

describe('signV1 (published vectors)', () => {
  it('A: official ECS DescribeRegions example', async () => {
    await expect(signV1({ method: 'GET', parameters: describeRegions, accessKeySecret: DESCRIBE_REGIONS_V1.accessKeySecret })).resolves.toBe(
      DESCRIBE_REGIONS_V1.signature,
    );
  });

  it('B: the older TimeStamp spelling', async () => {
    const { Timestamp, ...rest } = describeRegions;
    await expect(
      signV1({ method: 'GET', parameters: { ...rest, TimeStamp: Timestamp }, accessKeySecret: 'testsecret' }),
    ).resolves.toBe('CT9X0VtwR86fNWSnsc6v8YGOjuE=');
  });

  it('C: DescribeDedicatedHosts (current V2 doc)', async () => {
    const parameters = {
      AccessKeyId: 'testid',
      Action: 'DescribeDedicatedHosts',
      Format: 'JSON',
      RegionId: 'cn-beijing',
      SignatureMethod: 'HMAC-SHA1',
      SignatureNonce: 'edb2b34af0af9a6d14deaf7c1a5315eb',
      SignatureVersion: '1.0',
      Timestamp: '2023-03-13T08:34:30Z',
      Version: '2014-05-26',
    };
    await expect(signV1({ method: 'GET', parameters, accessKeySecret: 'testsecret' })).resolves.toBe('9NaGiOspFP5UPcwX8Iwt2YJXXuk=');
  });

  it('D: SDK unit test with an empty method', async () => {
    await expect(signV1({ method: '', parameters: { test: 'ok' }, accessKeySecret: 'accessKeySecret' })).resolves.toBe(
      'jHx/oHoHNrbVfhncHEvPdHXZwHU=',
    );
  });

  it('E: ECS DescribeInvocations shape, POST, query only', async () => {
    const parameters = {
      AccessKeyId: 'testid',
      Action: 'DescribeInvocations',
      Format: 'json',
      InvokeId: 't-abc123',
      PageSize: '10',
      RegionId: 'cn-hangzhou',
      SignatureMethod: 'HMAC-SHA1',
      SignatureNonce: 'nonce-0001',
      SignatureVersion: '1.0',
      Timestamp: '2025-01-01T00:00:00Z',
      Version: '2014-05-26',
    };
    await expect(signV1({ method: 'POST', parameters, accessKeySecret: 'testsecret' })).resolves.toBe('VKtISt6Zhr/6hO9KE41NkiCb5Es=');
  });

  it('E: eflo shape, POST, form body parameters signed with the query', async () => {
    const query = {
      Action: 'DescribeInvocations',
      Format: 'json',
      Version: '2022-12-15',
      Timestamp: '2025-01-01T00:00:00Z',
      SignatureNonce: 'nonce-0002',
      SignatureMethod: 'HMAC-SHA1',
      SignatureVersion: '1.0',
      AccessKeyId: 'testid',
    };
    const body = { InvokeId: 't-abc123', IncludeOutput: 'true', ContentEncoding: 'PlainText' };
    await expect(signV1({ method: 'POST', parameters: { ...query, ...body }, accessKeySecret: 'testsecret' })).resolves.toBe(
      'ObceYgvknZbqFu3uf5Uts2uiWxc=',
    );
  });

  it('ignores a Signature parameter and depends on the secret and method', async () => {
    const base = await signV1({ method: 'GET', parameters: describeRegions, accessKeySecret: 'testsecret' });
    await expect(
      signV1({ method: 'GET', parameters: { ...describeRegions, Signature: 'whatever' }, accessKeySecret: 'testsecret' }),
    ).resolves.toBe(base);
    await expect(signV1({ method: 'GET', parameters: describeRegions, accessKeySecret: 'other' })).resolves.not.toBe(base);
    await expect(signV1({ method: 'POST', parameters: describeRegions, accessKeySecret: 'testsecret' })).resolves.not.toBe(base);
  });
});

describe('sha256Hex', () => {
  it('hashes strings and bytes', async () => {
    await expect(sha256Hex('')).resolves.toBe(EMPTY_BODY_SHA256);
    await expect(sha256Hex(new Uint8Array())).resolves.toBe(EMPTY_BODY_SHA256);
    await expect(sha256Hex('InvokeId=t-abc123&IncludeOutput=true&ContentEncoding=PlainText')).resolves.toBe(
      '317ef144b8b3a8a96e71499e5f7d1bb030af149dd43625cc34072fa2eccda7f3',
    );
    await expect(sha256Hex(new TextEncoder().encode('abc'))).resolves.toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });
});

describe('signV3 (published vectors)', () => {
  it('A: official V3 doc example (RunInstances)', async () => {
    const result = await signV3(RUN_INSTANCES_V3.input);
    expect(result.canonicalRequest).toBe(
      [
        'POST',
        '/',
        'ImageId=win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd&RegionId=cn-shanghai',
        'host:ecs.cn-shanghai.aliyuncs.com',
        'x-acs-action:RunInstances',
        `x-acs-content-sha256:${EMPTY_BODY_SHA256}`,
        'x-acs-date:2023-10-26T10:22:32Z',
        'x-acs-signature-nonce:3156853299f313e23d1673dc12e1703d',
        'x-acs-version:2014-05-26',
        '',
        'host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version',
        EMPTY_BODY_SHA256,
      ].join('\n'),
    );
    await expect(sha256Hex(result.canonicalRequest)).resolves.toBe('7ea06492da5221eba5297e897ce16e55f964061054b7695beedaac1145b1e259');
    expect(result.signature).toBe(RUN_INSTANCES_V3.signature);
    expect(result.authorization).toBe(
      'ACS3-HMAC-SHA256 Credential=YourAccessKeyId,SignedHeaders=host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,Signature=06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0',
    );
  });

  it('B: SDK unit test (duplicate header names, empty query value, undefined method/pathname)', async () => {
    const result = await signV3({
      method: 'undefined',
      pathname: '',
      query: { test: 'ok', empty: '' },
      headers: { 'x-acs-TEST': 'https', 'x-acs-test': 'http' },
      payloadHash: '55e12e91650d2fec56ec74e1d3e4ddbfce2ef3a65890c2a19ecf88a307e76a23',
      accessKeyId: 'acesskey',
      accessKeySecret: 'secret',
    });
    expect(result.canonicalRequest.startsWith('undefined\n\nempty=&test=ok\nx-acs-test:http,https\n')).toBe(true);
    expect(result.authorization).toBe(
      'ACS3-HMAC-SHA256 Credential=acesskey,SignedHeaders=x-acs-test,Signature=0f2d549523cf082c83bb8135b5863614f7fe16ca7c2c7fc537e74d67374eeeac',
    );
  });

  it('C: eflo shape, form body hashed, content-type and credentials-provider signed', async () => {
    const body = 'InvokeId=t-abc123&IncludeOutput=true&ContentEncoding=PlainText';
    const payloadHash = await sha256Hex(body);
    const result = await signV3({
      method: 'POST',
      pathname: '/',
      query: {},
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        host: 'eflo-controller.cn-wulanchabu.aliyuncs.com',
        'x-acs-action': 'DescribeInvocations',
        'x-acs-version': '2022-12-15',
        'x-acs-date': '2025-01-01T00:00:00Z',
        'x-acs-signature-nonce': 'nonce-0003',
        'x-acs-credentials-provider': 'static_ak',
        'x-acs-content-sha256': payloadHash,
      },
      payloadHash,
      accessKeyId: 'testid',
      accessKeySecret: 'testsecret',
    });
    expect(result.authorization).toBe(
      'ACS3-HMAC-SHA256 Credential=testid,SignedHeaders=content-type;host;x-acs-action;x-acs-content-sha256;x-acs-credentials-provider;x-acs-date;x-acs-signature-nonce;x-acs-version,Signature=0ae747febda7cb15af25f8a96d1f52f57fe7866b6dc28724660bb0022ad86fd0',
    );
  });

  it('C: ECS shape with an STS token', async () => {
    const result = await signV3({
      method: 'POST',
      pathname: '/',
      query: { InvokeId: 't-abc123', RegionId: 'cn-hangzhou' },
      headers: {
        host: 'ecs.cn-hangzhou.aliyuncs.com',
        'x-acs-action': 'DescribeInvocations',
        'x-acs-version': '2014-05-26',
        'x-acs-date': '2025-01-01T00:00:00Z',
        'x-acs-signature-nonce': 'nonce-0004',
        'x-acs-content-sha256': EMPTY_BODY_SHA256,
        'x-acs-accesskey-id': 'testid',
        'x-acs-security-token': 'tok',
      },
      payloadHash: EMPTY_BODY_SHA256,
      accessKeyId: 'testid',
      accessKeySecret: 'testsecret',
    });
    expect(result.signedHeaders).toBe(
      'host;x-acs-accesskey-id;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-security-token;x-acs-signature-nonce;x-acs-version',
    );
    expect(result.signature).toBe('66283d55ea403274a95fe83293683b1df7d769e4b7cceed10d89a53241611b3c');
  });
});

// Written from mutation testing (issue 19): inputs the published vectors never contain.
describe('signing: characters, spaces and paths the vectors do not cover', () => {
  const hmacHex = (key: string, text: string): string => createHmac('sha256', key).update(text, 'utf8').digest('hex');
  const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

  it('encodes a character outside the Basic Multilingual Plane (emoji) as its four UTF-8 bytes', () => {
    expect(percentEncode('😀')).toBe('%F0%9F%98%80');
    expect(percentEncode('a😀b𝄞')).toBe('a%F0%9F%98%80b%F0%9D%84%9E');
  });

  it('replaces each lone surrogate, high or low, and only those, with U+FFFD', () => {
    expect(percentEncode('\uDC00')).toBe('%EF%BF%BD');
    expect(percentEncode('\uD800')).toBe('%EF%BF%BD');
    expect(percentEncode('\uDC00\uD800')).toBe('%EF%BF%BD%EF%BF%BD'); // reversed: two lone halves
    expect(percentEncode('\uD800\uD800\uDC00')).toBe('%EF%BF%BD%F0%90%80%80');
    expect(percentEncode('x\uD83D\uDE00\uDE00')).toBe('x%F0%9F%98%80%EF%BF%BD');
  });

  it('encodes every one of !\'()* in a run, uppercase hex', () => {
    expect(percentEncode("**!!''(())")).toBe('%2A%2A%21%21%27%27%28%28%29%29');
  });

  it('signs V1 with an emoji value as the official rule computes it', async () => {
    const parameters = { Action: 'RunCommand', CommandContent: 'echo 😀', Name: 'a b' };
    const canonical = 'Action=RunCommand&CommandContent=echo%20%F0%9F%98%80&Name=a%20b';
    expect(canonicalizeV1(parameters)).toBe(canonical);
    const stringToSign = `POST&%2F&${encodeURIComponent(canonical)}`;
    const expected = createHmac('sha1', 'secret&').update(stringToSign, 'utf8').digest('base64');
    expect(await signV1({ method: 'POST', parameters, accessKeySecret: 'secret' })).toBe(expected);
  });

  it('signs V3 with an emoji in the query and trims the spaces around header values', async () => {
    const input = {
      method: 'POST',
      pathname: '/',
      query: { Name: '😀 x' },
      headers: { host: ' ecs.cn-hangzhou.aliyuncs.com ', 'X-Acs-Action': '\tRunCommand \n', 'user-agent': 'not signed', Accept: 'application/json' },
      payloadHash: EMPTY_BODY_SHA256,
      accessKeyId: 'id',
      accessKeySecret: 'secret',
    };
    const result = await signV3(input);
    const canonicalRequest = [
      'POST',
      '/',
      'Name=%F0%9F%98%80%20x',
      'host:ecs.cn-hangzhou.aliyuncs.com\nx-acs-action:RunCommand\n',
      'host;x-acs-action',
      EMPTY_BODY_SHA256,
    ].join('\n');
    expect(result.canonicalRequest).toBe(canonicalRequest);
    expect(result.signedHeaders).toBe('host;x-acs-action');
    expect(result.signature).toBe(hmacHex('secret', `ACS3-HMAC-SHA256\n${sha256(canonicalRequest)}`));
    expect(result.authorization).toBe(`ACS3-HMAC-SHA256 Credential=id,SignedHeaders=host;x-acs-action,Signature=${result.signature}`);
  });

  it('signs a V3 path that needs encoding: "+" as %20, "*" as %2A, %7E as "~", each occurrence', async () => {
    const result = await signV3({
      method: 'GET',
      pathname: '/a+b+c/*x*/%7Ey%7E',
      query: {},
      headers: { 'Content-Type': 'application/json' },
      payloadHash: EMPTY_BODY_SHA256,
      accessKeyId: 'id',
      accessKeySecret: 'secret',
    });
    const canonicalRequest = ['GET', '/a%20b%20c/%2Ax%2A/~y~', '', 'content-type:application/json\n', 'content-type', EMPTY_BODY_SHA256].join('\n');
    expect(result.canonicalRequest).toBe(canonicalRequest);
    expect(result.signature).toBe(hmacHex('secret', `ACS3-HMAC-SHA256\n${sha256(canonicalRequest)}`));
  });

  it('sorts V3 query names by code unit and signs only host, content-type and x-acs-* headers, in any case', async () => {
    const result = await signV3({
      method: 'GET',
      pathname: '/',
      query: { b: '2', B: '1', a: '', 'a.1': 'x' },
      headers: { 'X-ACS-DATE': 'd', HOST: 'h', 'content-TYPE': 'c', 'x-acsfoo': 'no', 'hostname': 'no', 'x-acs-': 'e' },
      payloadHash: 'p',
      accessKeyId: 'id',
      accessKeySecret: 'secret',
    });
    expect(result.canonicalRequest).toBe(['GET', '/', 'B=1&a=&a.1=x&b=2', 'content-type:c\nhost:h\nx-acs-:e\nx-acs-date:d\n', 'content-type;host;x-acs-;x-acs-date', 'p'].join('\n'));
  });
});
