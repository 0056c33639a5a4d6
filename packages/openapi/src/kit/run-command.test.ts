import { DecodeError, InvalidQueryError, type RunLimits } from '@invocations/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { json, startTestServer, type TestServer } from '../../test/test-server.js';
import { createOpenApiClient } from '../transport/client.js';
import { flattenParams } from './flatten.js';
import { pageFields } from './page-fields.js';
import { callForm, createTokenRun, tokenRunCommandParams } from './run-command.js';
import { unsupportedFieldIssues } from './unsupported-fields.js';

const ID = 'kit-id';
const SECRET = 'kit-secret-value';
const LIMITS: RunLimits = { maxTargets: 2, maxCommandBase64Bytes: 64, maxParameters: 1, maxPlaceholders: 1 };
let server: TestServer;

beforeEach(async () => {
  server = await startTestServer({ [ID]: SECRET });
});
afterEach(async () => server.close());

const client = (retries = 1) =>
  createOpenApiClient({
    product: 'ecs',
    region: 'cn-hangzhou',
    endpoint: server.url,
    credentials: { accessKeyId: ID, accessKeySecret: SECRET },
    retry: { maxAttempts: retries, baseDelayMs: 1, maxDelayMs: 2 },
  });

const run = (retries = 1) =>
  createTokenRun(client(retries), {
    product: 'test',
    limits: LIMITS,
    params: (request, clientToken) => flattenParams({ ...tokenRunCommandParams(request, clientToken), NodeIdList: JSON.stringify(request.targets) }),
  });

describe('createTokenRun', () => {
  it('sends one RunCommand in a signed form body, Base64 content and the token, and reports one invocation on every target', async () => {
    server.handle(() => json(200, { RequestId: 'R-1', InvokeId: 't-run-1' }));
    const result = await run()({ command: 'echo {{who}}', targets: ['n-1', 'n-2'], parameters: { who: 'me' }, timeoutSeconds: 30, clientToken: 'token-1' });
    expect(result).toEqual({ invokeId: 't-run-1', clientToken: 'token-1', split: false, invocations: [{ invokeId: 't-run-1', targetIds: ['n-1', 'n-2'] }], rejected: [] });
    expect(server.requests).toHaveLength(1);
    const [request] = server.requests;
    expect(request?.method).toBe('POST');
    expect(request?.signature).toMatch(/^v[13]$/);
    expect(request?.form).toMatchObject({
      CommandContent: Buffer.from('echo {{who}}').toString('base64'),
      ContentEncoding: 'Base64',
      Timeout: '30',
      EnableParameter: 'true',
      Parameters: '{"who":"me"}',
      ClientToken: 'token-1',
      NodeIdList: '["n-1","n-2"]',
    });
    expect(request?.form).not.toHaveProperty('WorkingDir');
  });

  it('retries a lost answer with the same ClientToken, and keeps a CommandId the answer carries', async () => {
    server.script({ status: 503, body: '{"RequestId":"R-0","Code":"ServiceUnavailable","Message":"busy"}', headers: { 'content-type': 'application/json' } }, json(200, { RequestId: 'R-1', InvokeId: 't-2', CommandId: 'c-2' }));
    const withCommandId = createTokenRun(client(3), {
      product: 'test',
      limits: LIMITS,
      params: (request, clientToken) => flattenParams(tokenRunCommandParams(request, clientToken)),
      responseSchema: z.object({ InvokeId: z.string(), CommandId: z.string().optional() }),
    });
    const result = await withCommandId({ command: 'uptime', targets: ['i-1'] });
    expect(result).toMatchObject({ invokeId: 't-2', commandId: 'c-2', invocations: [{ invokeId: 't-2', commandId: 'c-2', targetIds: ['i-1'] }] });
    const tokens = server.requests.map((request) => request.form.ClientToken);
    expect(tokens).toHaveLength(2);
    expect(tokens[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(tokens[1]).toBe(tokens[0]);
  });

  it("checks the request against the product's limits before anything is sent", async () => {
    const error = await run()({ command: 'x', targets: ['a', 'b', 'c'] }).catch((caught: unknown) => caught);
    expect(InvalidQueryError.isInstance(error), String(error)).toBe(true);
    expect((error as Error).message).toMatch(/test run.*targets: must hold at most 2 targets on test \(got 3\)/);
    expect(server.requests).toHaveLength(0);
  });

  it('an answer without an InvokeId is a DecodeError naming the field', async () => {
    server.handle(() => json(200, { RequestId: 'R-3' }));
    const error = await run()({ command: 'x', targets: ['a'] }).catch((caught: unknown) => caught);
    expect(DecodeError.isInstance(error), String(error)).toBe(true);
    expect((error as Error).message).toMatch(/InvokeId/);
  });
});

describe('callForm', () => {
  it('is not retried when not idempotent', async () => {
    server.handle(() => ({ status: 503, body: '{"RequestId":"R-0","Code":"ServiceUnavailable","Message":"busy"}', headers: { 'content-type': 'application/json' } }));
    await expect(callForm(client(3), z.object({ InvokeId: z.string() }), { action: 'RunCommand', body: { A: '1' }, idempotent: false })).rejects.toThrow(/ServiceUnavailable/);
    expect(server.requests).toHaveLength(1);
    const [request] = server.requests;
    expect(request?.form).toMatchObject({ A: '1' });
    expect(request?.headers['x-acs-action'] ?? request?.query.Action).toBe('RunCommand');
  });
});

describe('unsupportedFieldIssues', () => {
  it('names each field the query sets that the product cannot filter on, and only those', () => {
    const issues = unsupportedFieldIssues({ commandId: 'c-1', tags: [], timed: undefined, name: 'kept' }, ['commandId', 'tags', 'timed'], 'cannot filter on this field');
    expect(issues).toEqual([
      { code: 'custom', path: ['commandId'], message: 'cannot filter on this field', input: 'c-1' },
      { code: 'custom', path: ['tags'], message: 'cannot filter on this field', input: [] },
    ]);
  });
});

describe('pageFields', () => {
  it('renames the paging numbers the service sent and leaves out the others', () => {
    expect(pageFields({ TotalCount: 0, PageNumber: 2 })).toEqual({ totalCount: 0, pageNumber: 2 });
    expect(Object.keys(pageFields({ PageSize: undefined }))).toEqual([]);
  });
});
