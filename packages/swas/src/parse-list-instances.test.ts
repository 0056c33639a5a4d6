import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseListInstances } from './parse-list-instances.js';

const fixture = (name: string) => readFileSync(new URL(`../test/fixtures/${name}`, import.meta.url), 'utf8');

describe('parseListInstances (SWAS)', () => {
  it('reads both pages and the XML page to the same instances', () => {
    const first = parseListInstances(fixture('swas-list-instances-page-1.json'));
    expect(first).toEqual({
      requestId: 'B3E1A0C4-5D6F-4A7B-8C9D-0E1F2A3B4C5D',
      totalCount: 3,
      pageNumber: 1,
      pageSize: 2,
      instances: [
        { instanceId: '3a658ca270df4df39f22e289b338****', instanceName: 'web-1', regionId: 'cn-hangzhou', status: 'Running' },
        { instanceId: 'ace0706b2ac4454d984295a94213****', instanceName: 'web-2', regionId: 'cn-hangzhou', status: 'Running' },
      ],
    });
    expect(parseListInstances(fixture('swas-list-instances-page-1.xml'), { format: 'xml' })).toEqual(first);
    const second = parseListInstances(fixture('swas-list-instances-page-2.json'));
    expect(second.instances.map((instance) => instance.instanceId)).toEqual(['2ad1ae67295445f598017499dc****']);
    expect(second.pageNumber).toBe(2);
  });
});
