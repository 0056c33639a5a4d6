// What `invocations history list -o json` prints must be what `invocations list -o json` printed for
// the same invocation: the records the adapters produce from real response bodies (and from the
// emulator, through the sources), archived and read back, compared as JSON text, byte for byte.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listInvocations, type Invocation } from '@invocations/core';
import { createEcsSource, parseDescribeInvocations as parseEcs } from '@invocations/ecs';
import { createEfloSource, parseDescribeInvocations as parseEflo } from '@invocations/eflo';
import { startEmulator, type Emulator } from '@invocations/emulator';
import { createSwasSource, mergeInvocationResult, parseDescribeInvocationResult, parseDescribeInvocations as parseSwas } from '@invocations/swas';
import { BACKENDS, type ArchiveSpace } from '../test/backends.js';
import { openArchive, type Archive } from './index.js';

const fixture = (product: string, name: string) => readFileSync(fileURLToPath(new URL(`../../${product}/test/fixtures/${name}`, import.meta.url)), 'utf8');

/** The records the adapters make of real bodies: targets with output, error codes, times and ECS's extra fields. */
function adapterRecords(): Invocation[] {
  const ecs = ['ecs-seed-003.json', 'ecs-oss-output.json', 'ecs-tags.json', 'ecs-times.json', 'ecs-dropped.json'].flatMap(
    (name) => parseEcs(fixture('ecs', name), { region: 'cn-hangzhou' }).invocations,
  );
  const eflo = ['eflo-seed-000.json', 'eflo-error-info-sentences.json', 'eflo-base64-output.json'].flatMap(
    (name) => parseEflo(fixture('eflo', name), { region: 'cn-wulanchabu' }).invocations,
  );
  const swas = parseSwas(fixture('swas', 'swas-parameters-map.json'), { instanceId: 'ace0706b2ac4454d984295a94213****', region: 'cn-hangzhou' }).invocations;
  // SWAS with output: the listing's record merged with the instance's DescribeInvocationResult, as includeOutput does.
  const { result } = parseDescribeInvocationResult(fixture('swas', 'swas-describe-invocation-result.json'), { instanceId: swas[0]!.targets[0]!.id });
  const withOutput = { ...mergeInvocationResult(swas[0]!, result!), invokeId: 't-swas-with-output' };
  expect(withOutput.targets[0]?.output).toBeDefined();
  expect(withOutput.username).toBeDefined();
  return [...ecs, ...eflo, ...swas, withOutput];
}

const withoutOutput = (invocation: Invocation): Invocation => ({
  ...invocation,
  targets: invocation.targets.map(({ output: _output, ...target }) => target),
});

/** Each record's JSON by product and invoke id, as `-o json` prints one record. */
const jsonById = (invocations: readonly Invocation[]) => new Map(invocations.map((invocation) => [`${invocation.product} ${invocation.invokeId}`, JSON.stringify(invocation, null, 2)]));

async function readAll(archive: Archive): Promise<Invocation[]> {
  return (await archive.query({ limit: 1_000 })).invocations;
}

for (const backend of BACKENDS) {
  describe.skipIf(backend.skip !== undefined)(`archived records read back in the adapters' key order (${backend.name})`, () => {
    let space: ArchiveSpace;
    let emulator: Emulator;
    beforeAll(async () => {
      space = await backend.createSharedSpace();
      emulator = await startEmulator({ seed: 11, seedOptions: { perRegion: 25, swasInstances: 2 } });
    }, 240_000);
    afterAll(async () => {
      await space?.dispose();
      await emulator?.close();
    });

    it('the JSON of an archived invocation is the JSON the adapter produced, output included when kept', async () => {
      const records = adapterRecords();
      // Keys in the order the adapters produce them, which jsonb does not keep (shortest first).
      expect(Object.keys(records[0]!).slice(0, 3)).toEqual(['product', 'invokeId', 'parameters']);
      expect(records.some((invocation) => invocation.targets.some((target) => target.output !== undefined && target.errorCode !== undefined))).toBe(true);
      expect(records.some((invocation) => invocation.extra !== undefined && invocation.targets.some((target) => target.extra !== undefined))).toBe(true);
      // Without output first: on a server both passes share one database, and output once kept is kept
      // when a later report comes without it (so the other order would read the first pass's output back).
      for (const keepOutput of [false, true]) {
        const archive = await openArchive({ url: space.url, keepOutput });
        try {
          await archive.record(records);
          const expected = jsonById(keepOutput ? records : records.map(withoutOutput));
          const archived = jsonById(await readAll(archive));
          expect([...archived.keys()].sort()).toEqual([...expected.keys()].sort());
          for (const [key, json] of expected) expect(archived.get(key), key).toBe(json);
        } finally {
          await archive.close();
        }
      }
    }, 120_000);

    it('a live listing with output, archived and read back, prints the same JSON', async () => {
      const common = { region: 'cn-hangzhou', endpoint: emulator.url, credentials: emulator.credentials, retry: false as const };
      // ECS's extra fields (tags, resource group) and eflo records, which eflo can only be asked for by id.
      emulator.createInvocation({ product: 'ecs', region: 'cn-hangzhou', invokeId: 't-order-ecs', targetIds: ['i-bp1order01', 'i-bp1order02'], resourceGroupId: 'rg-1', tags: [{ key: 'team', value: 'ops' }] });
      const efloIds = ['t-order-eflo1', 't-order-eflo2'];
      for (const invokeId of efloIds) emulator.createInvocation({ product: 'eflo', region: 'cn-hangzhou', invokeId, targetIds: ['e01-cn-order01'], workingDir: '/root' });
      const sources = [createEcsSource(common), createSwasSource(common)];
      const live: Invocation[] = [];
      for await (const invocation of listInvocations(sources, { includeOutput: true })) live.push(invocation);
      const eflo = createEfloSource(common);
      for (const invokeId of efloIds) live.push(await eflo.get(invokeId, { includeOutput: true }));
      expect(live.length).toBeGreaterThan(20);
      const archive = await openArchive({ url: space.url, keepOutput: true });
      try {
        await archive.record(live);
        const archived = jsonById(await readAll(archive));
        for (const [key, json] of jsonById(live)) expect(archived.get(key), key).toBe(json);
      } finally {
        await archive.close();
      }
    }, 120_000);
  });
}
