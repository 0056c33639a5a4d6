// Filling an emulator with many ECS invocations, and the official SDK client pointed at it.
import { createRequire } from 'node:module';
import type { Emulator } from '@invocations/emulator';

const require = createRequire(import.meta.url);

/** The region the benchmarks fill: only what they insert lives there. */
export const BENCH_REGION = 'cn-qingdao';

/**
 * Inserts `count` finished ECS invocations (one target each, a line of output) into the emulator,
 * spread over the last few days so paging order is by creation time, and returns their InvokeIds.
 */
export function populateEcs(emulator: Emulator, count: number, options: { region?: string; targets?: number } = {}): string[] {
  const region = options.region ?? BENCH_REGION;
  const now = Date.now();
  const ids: string[] = [];
  for (let index = 0; index < count; index++) {
    const invokeId = `t-bench${index.toString(36).padStart(7, '0')}`;
    emulator.createInvocation({
      product: 'ecs',
      region,
      invokeId,
      commandName: `bench-${index % 13}`,
      commandContent: 'echo hello',
      // Oldest first: the store appends instead of shifting, and the newest is listed first.
      createdAt: now - 3 * 24 * 3600 * 1000 + index * 10,
      targetIds: Array.from({ length: options.targets ?? 1 }, (_, t) => `i-bench${(index * 7 + t).toString(36).padStart(12, '0')}`),
    });
    ids.push(invokeId);
  }
  return ids;
}

interface OfficialEcsClient {
  describeInvocations(request: object): Promise<{ body?: { totalCount?: number; invocations?: { invocation?: { invokeId?: string }[] } } }>;
}

/** Where an emulator listens and the key it accepts (an {@link Emulator}, or one in another process). */
export type EmulatorAddress = Pick<Emulator, 'url' | 'credentials'>;

/** The official `@alicloud/ecs20140526` client pointed at an emulator over plain http. */
export function officialEcsClient(emulator: EmulatorAddress, region = BENCH_REGION): {
  client: OfficialEcsClient;
  request(pageNumber: number, pageSize: number): object;
} {
  const sdk = require('@alicloud/ecs20140526') as {
    default: new (config: object) => OfficialEcsClient;
    DescribeInvocationsRequest: new (map: Record<string, unknown>) => object;
  };
  const core = require('@alicloud/openapi-core') as { $OpenApiUtil: { Config: new (map: Record<string, unknown>) => object } };
  const url = new URL(emulator.url);
  const client = new sdk.default(
    new core.$OpenApiUtil.Config({
      accessKeyId: emulator.credentials.accessKeyId,
      accessKeySecret: emulator.credentials.accessKeySecret,
      endpoint: url.host,
      protocol: 'http',
      regionId: region,
    }),
  );
  return {
    client,
    request: (pageNumber, pageSize) => new sdk.DescribeInvocationsRequest({ regionId: region, pageNumber, pageSize }),
  };
}

/** Lists every invocation with the official SDK the way its users do: describeInvocations, PageNumber by PageNumber. */
export async function officialListAll(emulator: EmulatorAddress, region = BENCH_REGION, pageSize = 50): Promise<string[]> {
  const { client, request } = officialEcsClient(emulator, region);
  const ids: string[] = [];
  for (let pageNumber = 1; ; pageNumber++) {
    const response = await client.describeInvocations(request(pageNumber, pageSize));
    const page = response.body?.invocations?.invocation ?? [];
    for (const invocation of page) ids.push(invocation.invokeId!);
    const total = response.body?.totalCount ?? 0;
    if (page.length === 0 || pageNumber * pageSize >= total) break;
  }
  return ids;
}
