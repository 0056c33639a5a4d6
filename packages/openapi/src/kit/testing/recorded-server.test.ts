import { describe, expect, it } from 'vitest';
import { startRecordedServer } from './recorded-server.js';

describe('startRecordedServer', () => {
  it('records what went out (action, query, form body) and answers with the handler body', async () => {
    const server = await startRecordedServer((request, index) =>
      index === 0 ? { body: JSON.stringify({ RequestId: 'r1', Got: request.body.InvokeId }) } : { status: 404, body: '<Error><Code>X</Code></Error>' },
    );
    try {
      const first = await fetch(`${server.url}/?Action=DescribeInvocations&RegionId=cn-hangzhou`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'InvokeId=t-1',
      });
      expect(first.headers.get('content-type')).toMatch(/application\/json/);
      expect(await first.json()).toEqual({ RequestId: 'r1', Got: 't-1' });
      const second = await fetch(`${server.url}/`, { headers: { 'x-acs-action': 'ListInstances' } });
      expect(second.status).toBe(404);
      expect(second.headers.get('content-type')).toMatch(/text\/xml/);
      await second.text();
      expect(server.requests.map((request) => [request.method, request.action])).toEqual([
        ['POST', 'DescribeInvocations'],
        ['GET', 'ListInstances'],
      ]);
      expect(server.requests[0]?.query).toEqual({ Action: 'DescribeInvocations', RegionId: 'cn-hangzhou' });
      expect(server.requests[0]?.params.get('RegionId')).toBe('cn-hangzhou');
    } finally {
      await server.close();
    }
  });
});
