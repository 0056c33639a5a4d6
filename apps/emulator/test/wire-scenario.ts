import { createHash } from 'node:crypto';
import type { createManualClock as CreateManualClock, Emulator, EmulatorOptions } from '../src/index.js';
import { call, type CallOptions } from './helpers.js';

/** One answer of the scenario, reduced to what must not change: status, headers that describe the body, and the body's hash. */
export interface WireAnswer {
  name: string;
  status: number;
  contentType: string;
  contentLength: string;
  bytes: number;
  sha256: string;
}

/** The emulator's functions the scenario runs against (the current sources, or an older build when the fixture is made). */
export interface WireScenarioDeps {
  startEmulator(options: EmulatorOptions): Promise<Emulator>;
  createManualClock: typeof CreateManualClock;
}

// A fixed simulation time, so the seeded data and every status are the same on each run.
const START = Date.UTC(2025, 2, 3, 4, 5, 6);
const REGION = 'cn-hangzhou';

/**
 * Listings of a seeded emulator in JSON and XML, with and without output, in both encodings, for the
 * three products, before and after changes of state: listed twice, a stop of a finished and of an unfinished invocation, time passing, a
 * record changed through `store.get`, and retention dropping records. Each answer's RequestId is
 * replaced by a constant before hashing; everything else is hashed as received.
 */
export async function wireScenario(deps: WireScenarioDeps): Promise<WireAnswer[]> {
  const clock = deps.createManualClock(START);
  const emulator = await deps.startEmulator({ seed: 7, clock });
  const answers: WireAnswer[] = [];
  const ask = async (name: string, options: CallOptions): Promise<any> => {
    const result = await call(emulator, options);
    const requestId = String(result.headers['x-acs-request-id']);
    const bytes = Buffer.from(result.bytes.toString('latin1').split(requestId).join('REQUEST-ID'), 'latin1');
    answers.push({
      name,
      status: result.status,
      contentType: String(result.headers['content-type']),
      contentLength: String(result.headers['content-length']),
      bytes: result.bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
    });
    return result.json;
  };
  const ecsPage = (name: string, query: Record<string, string>, format?: string) =>
    ask(name, { product: 'ecs', action: 'DescribeInvocations', query: { RegionId: REGION, ...query }, ...(format ? { format } : {}) });
  const listing = async (name: string) => {
    const pages: any[] = [];
    for (const page of ['1', '2', '3']) pages.push(await ecsPage(`${name}: page ${page}`, { PageSize: '50', PageNumber: page }));
    return pages.flatMap((page) => page.Invocations.Invocation as any[]);
  };
  try {
    const first = await listing('first listing');
    await listing('second listing');
    await ecsPage('XML page 1', { PageSize: '50', PageNumber: '1' }, 'XML');
    await ecsPage('XML page 2', { PageSize: '50', PageNumber: '2' }, 'XML');
    await ecsPage('PlainText page 1', { PageSize: '20', ContentEncoding: 'PlainText' });
    const tokenPage = await ecsPage('MaxResults 10', { MaxResults: '10' });
    await ecsPage('NextToken page', { MaxResults: '10', NextToken: tokenPage.NextToken });
    await ecsPage('InvokeStatus Finished', { PageSize: '50', InvokeStatus: 'Finished' });
    const instanceId = first[0].InvokeInstances.InvokeInstance[0].InstanceId as string;
    await ecsPage('InstanceId with output', { InstanceId: instanceId, IncludeOutput: 'true' });
    await ecsPage('InstanceId with output, PlainText', { InstanceId: instanceId, IncludeOutput: 'true', ContentEncoding: 'PlainText' });
    for (const invocation of first.slice(0, 40)) {
      await ecsPage(`InvokeId ${invocation.InvokeId as string} with output`, { InvokeId: invocation.InvokeId, IncludeOutput: 'true' });
    }
    for (const record of emulator.store.list('eflo', REGION).slice(0, 5)) {
      await ask(`eflo ${record.invokeId}`, { product: 'eflo', action: 'DescribeInvocations', body: { InvokeId: record.invokeId, IncludeOutput: 'true' } });
    }
    const swas = emulator.store.list('swas', REGION)[0];
    if (swas) {
      await ask('swas DescribeInvocations', { product: 'swas', action: 'DescribeInvocations', query: { RegionId: REGION, InstanceId: swas.targets[0]!.id } });
    }

    const finished = first.find((invocation) => invocation.InvocationStatus === 'Success');
    const unfinished = first.find((invocation) => invocation.InvocationStatus === 'Running' || invocation.InvocationStatus === 'Pending');
    if (!finished || !unfinished) throw new Error('the seeded data has no finished or no unfinished ECS invocation');
    // Listed again right before the stops: a cache of rendered answers would hold the listing's rendering now.
    await listing('before stops');
    emulator.stopInvocation('ecs', REGION, finished.InvokeId);
    emulator.stopInvocation('ecs', REGION, unfinished.InvokeId);
    await listing('after stops');
    clock.advance(5_000);
    await listing('5 s later');
    clock.advance(3_600_000);
    await listing('an hour later');
    await ecsPage('an hour later, XML', { PageSize: '50', PageNumber: '1' }, 'XML');

    const changed = emulator.store.get('ecs', REGION, first[3].InvokeId);
    if (!changed) throw new Error('record not found');
    changed.commandName = 'renamed';
    changed.tags.push({ key: 'team', value: 'ops' });
    await listing('after a record changed');
    const target = changed.targets[0];
    if (target) target.output = 'changed output\n';
    await ecsPage('after a target plan changed, with output', { InvokeId: changed.invokeId, IncludeOutput: 'true' });
    await listing('after a target plan changed');

    clock.advance(10 * 24 * 3_600_000);
    await listing('ten days later');
    clock.advance(5 * 24 * 3_600_000);
    await listing('after retention');
  } finally {
    await emulator.close();
  }
  return answers;
}
