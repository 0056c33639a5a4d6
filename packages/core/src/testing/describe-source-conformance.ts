import { describe, expect, it } from 'vitest';
import { AbortedError, ApiError, InvalidQueryError, NotFoundError } from '../errors.js';
import { invocationSchema, type Invocation, type Product } from '../model.js';
import type { InvocationQuery } from '../query.js';
import type { InvocationSource } from '../source.js';
import { collect } from './collect.js';
import { caught, prepareSuite, type CountingServer } from './suite-setup.js';

/** An AccessKey pair, as the emulator hands it out. */
export interface ConformanceCredentials {
  accessKeyId: string;
  accessKeySecret: string;
}

/** What a suite's `setup` returns: a running emulator (or any server speaking the product's API) and what it holds. */
export interface ConformanceEnvironment {
  /** Where the source should send requests, e.g. the emulator's `url`. */
  endpoint: string;
  /** The region the source reads. */
  region: string;
  /** Credentials the server accepts. */
  credentials: ConformanceCredentials;
  /** Invocations that exist in `region`; a listing with `listQuery` returns each of them. At least 3. */
  invokeIds: readonly string[];
  /** An invocation whose targets have finished and printed something (for `includeOutput`). */
  outputInvokeId: string;
  /**
   * The query for a full listing the product can serve: `{}` for ECS, `{ targetId }` for SWAS,
   * `{ invokeIds }` for eflo (default `{}`).
   */
  listQuery?: InvocationQuery;
  /** Adds this much latency to every answer (0 removes it); enables the in-flight abort test. */
  setLatency?(ms: number): void;
  /** Stops the server. */
  close(): Promise<void>;
}

/** What a product can do; the suite skips or flips the checks that do not apply. */
export interface SourceCapabilities {
  /** `list()` without `invokeIds` works (ECS, SWAS). When false it must be an `InvalidQueryError` before any request (eflo). Default true. */
  listWithoutInvokeIds?: boolean;
  /** The listing pages by `pageSize`, so a small page size must give the same invocations. Default true. */
  paging?: boolean;
}

/** Options of {@link describeSourceConformance}. */
export interface SourceConformanceOptions {
  /** Shown in the suite's title, e.g. `ecs`. */
  name: string;
  /** The product the source reports. */
  product: Product;
  /** Starts the server and seeds it; called once before the suite. */
  setup(): Promise<ConformanceEnvironment>;
  /**
   * Builds a source against the environment. `overrides` replace the endpoint or the credentials
   * (the suite uses them for a request-counting server and for a wrong secret); retries should be
   * off or short so that error tests stay fast.
   */
  createSource(environment: ConformanceEnvironment, overrides?: { endpoint?: string; credentials?: ConformanceCredentials }): InvocationSource;
  /** What the product can do (defaults: everything). */
  capabilities?: SourceCapabilities;
}

/**
 * The behaviour every `InvocationSource` must show, as a vitest suite run against the emulator:
 * listing (each invocation once, all present, valid canonical records), paging, listing by ids, get,
 * not-found, includeOutput, invalid queries rejected before any request, API errors, and abort.
 * Call it at the top level of a test file.
 * @example
 * describeSourceConformance({
 *   name: 'ecs', product: 'ecs',
 *   setup: async () => { const emulator = await startEmulator({ seed: 1 }); return { endpoint: emulator.url, ... } },
 *   createSource: (env, overrides) => createEcsSource({ region: env.region, endpoint: overrides?.endpoint ?? env.endpoint,
 *     credentials: overrides?.credentials ?? env.credentials, retry: false }),
 * });
 */
export function describeSourceConformance(options: SourceConformanceOptions): void {
  const capabilities = { listWithoutInvokeIds: true, paging: true, ...options.capabilities };

  describe(`${options.name}: InvocationSource conformance`, () => {
    let environment: ConformanceEnvironment;
    let source: InvocationSource;
    let counting: CountingServer;
    prepareSuite(options.setup, (started) => options.createSource(started), (prepared) => ({ environment, source, counting } = prepared));

    const listQuery = () => environment.listQuery ?? {};

    it('reports its product and region', () => {
      expect(source.product).toBe(options.product);
      expect(source.region).toBe(environment.region);
    });

    it('lists every invocation once, all present, as valid canonical records', async () => {
      const items = await collect(source.list(listQuery()));
      const ids = items.map((item) => item.invokeId);
      expect(new Set(ids).size).toBe(ids.length);
      for (const id of environment.invokeIds) expect(ids).toContain(id);
      for (const item of items) {
        const parsed = invocationSchema.safeParse(item);
        expect(parsed.success, parsed.success ? '' : `${item.invokeId}: ${parsed.error.message}`).toBe(true);
        expect(item.product).toBe(options.product);
        expect(item.region).toBe(environment.region);
      }
    });

    it.runIf(capabilities.paging)('pages: a small page size gives the same invocations in the same order', async () => {
      const large = await collect(source.list({ ...listQuery(), pageSize: 50 }));
      const small = await collect(source.list({ ...listQuery(), pageSize: 2 }));
      expect(small.map((item) => item.invokeId)).toEqual(large.map((item) => item.invokeId));
    });

    it('lists by invoke ids: exactly those, once each', async () => {
      const wanted = environment.invokeIds.slice(0, 2);
      const items = await collect(source.list({ ...listQuery(), invokeIds: [...wanted, wanted[0] as string] }));
      expect(items.map((item) => item.invokeId).sort()).toEqual([...wanted].sort());
    });

    it('gets one invocation with its targets', async () => {
      const id = environment.invokeIds[0] as string;
      const invocation = await source.get(id);
      expect(invocation.invokeId).toBe(id);
      expect(invocation.product).toBe(options.product);
      expect(invocation.targets.length).toBeGreaterThan(0);
      expect(invocationSchema.safeParse(invocation).success).toBe(true);
    });

    it('rejects an unknown invoke id with a NotFoundError', async () => {
      const error = await caught(() => source.get('t-conformance-does-not-exist'));
      expect(NotFoundError.isInstance(error), String(error)).toBe(true);
      expect((error as NotFoundError).invokeId).toBe('t-conformance-does-not-exist');
    });

    it('includeOutput: the targets carry their output', async () => {
      const invocation = await source.get(environment.outputInvokeId, { includeOutput: true });
      const outputs = invocation.targets.map((target) => target.output).filter((output) => typeof output === 'string' && output.length > 0);
      expect(outputs.length).toBeGreaterThan(0);
    });

    it('rejects an invalid query with an InvalidQueryError before any request', async () => {
      const isolated = options.createSource(environment, { endpoint: counting.url });
      const before = counting.count();
      const badPage = await caught(() => collect(isolated.list({ ...listQuery(), pageSize: 0 })));
      expect(InvalidQueryError.isInstance(badPage), String(badPage)).toBe(true);
      expect((badPage as InvalidQueryError).issues.map((issue) => issue.path)).toContain('pageSize');
      const unknownField = await caught(() => collect(isolated.list({ ...listQuery(), colour: 'red' } as InvocationQuery)));
      expect(InvalidQueryError.isInstance(unknownField), String(unknownField)).toBe(true);
      const emptyId = await caught(() => isolated.get(''));
      expect(InvalidQueryError.isInstance(emptyId), String(emptyId)).toBe(true);
      if (!capabilities.listWithoutInvokeIds) {
        const withoutIds = await caught(() => collect(isolated.list({})));
        expect(InvalidQueryError.isInstance(withoutIds), String(withoutIds)).toBe(true);
        expect((withoutIds as InvalidQueryError).issues.map((issue) => issue.path)).toContain('invokeIds');
      }
      expect(counting.count() - before).toBe(0);
    });

    it('turns a wrong secret into an ApiError with a code, never quoting the secret', async () => {
      const secret = 'conformance-wrong-secret-0123456789';
      const wrong = options.createSource(environment, { credentials: { accessKeyId: environment.credentials.accessKeyId, accessKeySecret: secret } });
      const error = await caught(() => wrong.get(environment.invokeIds[0] as string));
      expect(ApiError.isInstance(error), String(error)).toBe(true);
      const apiError = error as ApiError;
      expect(apiError.code.length).toBeGreaterThan(0);
      expect(apiError.httpStatus).toBeGreaterThanOrEqual(400);
      expect(`${apiError.message} ${apiError.stack ?? ''}`).not.toContain(secret);
    });

    it('stops at once on an aborted signal', async () => {
      const controller = new AbortController();
      controller.abort(new Error('stop'));
      const listing = await caught(() => collect(source.list(listQuery(), { signal: controller.signal })));
      expect(AbortedError.isInstance(listing), String(listing)).toBe(true);
      const getting = await caught(() => source.get(environment.invokeIds[0] as string, { signal: controller.signal }));
      expect(AbortedError.isInstance(getting), String(getting)).toBe(true);
    });

    it('aborts a call in flight promptly', async (context) => {
      if (environment.setLatency === undefined) {
        context.skip();
        return;
      }
      environment.setLatency(3_000);
      try {
        const controller = new AbortController();
        const started = Date.now();
        setTimeout(() => controller.abort(new Error('stop')), 50);
        const error = await caught(() => source.get(environment.invokeIds[0] as string, { signal: controller.signal }));
        expect(AbortedError.isInstance(error), String(error)).toBe(true);
        expect(Date.now() - started).toBeLessThan(1_500);
        const listController = new AbortController();
        const listStarted = Date.now();
        setTimeout(() => listController.abort(new Error('stop')), 50);
        const listing = await caught(() => collect(source.list(listQuery(), { signal: listController.signal })));
        expect(AbortedError.isInstance(listing), String(listing)).toBe(true);
        expect(Date.now() - listStarted).toBeLessThan(1_500);
      } finally {
        environment.setLatency(0);
      }
    });

    it('lets a caller stop iterating early without hanging', async () => {
      const iterator = source.list(listQuery())[Symbol.asyncIterator]();
      const first = await iterator.next();
      expect(first.done).toBe(false);
      await iterator.return?.(undefined);
    });
  });
}
