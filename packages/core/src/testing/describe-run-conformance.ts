import { describe, expect, it } from 'vitest';
import { InvalidQueryError } from '../errors.js';
import type { Product } from '../model.js';
import { runAndWait } from '../run-and-wait.js';
import { COMMAND_TYPES, type RunLimits, type RunRequestInput } from '../run-request.js';
import { canRun, canStop, type InvocationSource } from '../source.js';
import type { ConformanceCredentials } from './describe-source-conformance.js';
import { caught, prepareSuite, type CountingServer } from './suite-setup.js';

/** What a run suite's `setup` returns: a running emulator (or a server that simulates runs) and where to run. */
export interface RunConformanceEnvironment {
  /** Where the source should send requests. */
  endpoint: string;
  /** The region the source runs in. */
  region: string;
  /** Credentials the server accepts. */
  credentials: ConformanceCredentials;
  /** Two or more targets a command succeeds on. */
  targets: readonly string[];
  /** A target whose command exits 1 (the emulator's `*-fail-1` ids). */
  failingTarget: string;
  /**
   * Moves the server's clock forward (the emulator's `advance`): waiting for an invocation then takes
   * no real time, so the suite is not timing-sensitive on a loaded machine.
   */
  advance(ms: number): void;
  /** Stops the server. */
  close(): Promise<void>;
}

/** Options of {@link describeRunConformance}. */
export interface RunConformanceOptions {
  /** Shown in the suite's title, e.g. `ecs`. */
  name: string;
  /** The product the source reports. */
  product: Product;
  /** Starts the server; called once before the suite. */
  setup(): Promise<RunConformanceEnvironment>;
  /** Builds a source against the environment; `overrides.endpoint` points it at a request-counting server. Retries should be off or short. */
  createSource(environment: RunConformanceEnvironment, overrides?: { endpoint?: string }): InvocationSource;
  /** The product's RunCommand limits, as the adapter exports them: the suite checks each is enforced before sending. */
  limits: RunLimits;
  /** The product has StopInvocation (ECS, eflo); when false, `stop` must be absent (SWAS). */
  stop: boolean;
}

// A value for each field a product may have no RunCommand parameter for (RunLimits.unsupported).
const UNSUPPORTED_SAMPLES = { tags: [{ key: 'k' }], description: 'd', username: 'u', workingDir: '/w', name: 'n', clientToken: 'token-1' } as const;

/** Requests that break one rule each, with the field the error must name: the canonical rules, then the product's limits. */
function invalidRequests(limits: RunLimits, target: string): [string, Record<string, unknown>][] {
  const valid = { command: 'echo x', targets: [target] };
  const cases: [string, Record<string, unknown>][] = [
    ['command', { ...valid, command: '  ' }],
    ['targets', { ...valid, targets: [] }],
    ['targets', { ...valid, targets: [target, target] }],
    ['timeoutSeconds', { ...valid, timeoutSeconds: 9 }],
    ['timeoutSeconds', { ...valid, timeoutSeconds: 86_401 }],
    ['colour', { ...valid, colour: 'red' }],
    // One byte over: Base64 turns every 3 bytes into 4, so (max / 4) * 3 + 1 bytes take max + 4.
    ['command', { ...valid, command: 'x'.repeat((limits.maxCommandBase64Bytes / 4) * 3 + 1) }],
    ['parameters', { ...valid, parameters: Object.fromEntries(Array.from({ length: limits.maxParameters + 1 }, (_, index) => [`p${index}`, 'v'])) }],
    ['command', { ...valid, command: Array.from({ length: limits.maxPlaceholders + 1 }, (_, index) => `{{p${index}}}`).join(' '), parameters: {} }],
  ];
  if (limits.maxTargets !== undefined) cases.push(['targets', { ...valid, targets: Array.from({ length: limits.maxTargets + 1 }, (_, index) => `${target}-${index}`) }]);
  for (const type of COMMAND_TYPES.filter((candidate) => limits.types !== undefined && !limits.types.includes(candidate))) cases.push(['type', { ...valid, type }]);
  for (const field of limits.unsupported ?? []) cases.push([field, { ...valid, [field]: UNSUPPORTED_SAMPLES[field] }]);
  return cases;
}

/**
 * The run and stop behaviour every product shares, as a vitest suite run against the emulator: what
 * `canRun` and `canStop` say (stop absent where the product has no StopInvocation), every canonical
 * rule and every product limit refused with an `InvalidQueryError` naming the field before any request
 * (and a command exactly at the size limit sent), a run waited to success, a failing target named, a
 * command past its timeout, and stop on all or some targets. Product-specific behaviour (tokens and
 * retries, split runs, wire parameters) stays in each adapter's tests. Call it at the top level of a test file.
 * @example
 * describeRunConformance({
 *   name: 'eflo', product: 'eflo', limits: EFLO_RUN_LIMITS, stop: true,
 *   setup: async () => { const emulator = await startEmulator({ clock: createManualClock(0) }); return { ..., advance: (ms) => emulator.advance(ms) } },
 *   createSource: (env, overrides) => createEfloSource({ region: env.region, endpoint: overrides?.endpoint ?? env.endpoint, credentials: env.credentials, retry: false }),
 * });
 */
export function describeRunConformance(options: RunConformanceOptions): void {
  describe(`${options.name}: run conformance`, () => {
    let environment: RunConformanceEnvironment;
    let source: InvocationSource;
    let counting: CountingServer;
    prepareSuite(options.setup, (started) => options.createSource(started), (prepared) => ({ environment, source, counting } = prepared));

    // Each pause of the wait moves the server's clock instead of waiting.
    const wait = () => ({ minDelayMs: 0, maxDelayMs: 0, sleep: async (ms: number) => void environment.advance(Math.max(ms, 1_000)) });
    const first = () => environment.targets[0] as string;

    it(`declares run${options.stop ? ' and stop' : ', and no stop'}`, () => {
      expect(canRun(source)).toBe(true);
      expect(canStop(source)).toBe(options.stop);
      if (!options.stop) expect(source.stop).toBeUndefined();
    });

    it('refuses every broken rule with an InvalidQueryError naming the field, before any request', async () => {
      const isolated = options.createSource(environment, { endpoint: counting.url });
      if (!canRun(isolated)) throw new Error('the source cannot run');
      const before = counting.count();
      for (const [field, request] of invalidRequests(options.limits, first())) {
        const error = await caught(() => isolated.run(request as RunRequestInput));
        expect(InvalidQueryError.isInstance(error), `${JSON.stringify(request).slice(0, 120)}: ${String(error)}`).toBe(true);
        // An unknown field is an issue of the whole request that names the key.
        const named = (error as InvalidQueryError).issues.some((issue) => issue.path.split('.')[0] === field || (issue.path === '' && issue.message.includes(`"${field}"`)));
        expect(named, `${field}: ${(error as Error).message}`).toBe(true);
      }
      if (canStop(isolated)) {
        expect(InvalidQueryError.isInstance(await caught(() => isolated.stop('')))).toBe(true);
        expect(InvalidQueryError.isInstance(await caught(() => isolated.stop('t-x', { targetIds: [] })))).toBe(true);
      }
      expect(counting.count() - before).toBe(0);
    });

    it('sends a command exactly at the size limit', async () => {
      const isolated = options.createSource(environment, { endpoint: counting.url });
      if (!canRun(isolated)) throw new Error('the source cannot run');
      const before = counting.count();
      const error = await caught(() => isolated.run({ command: 'x'.repeat((options.limits.maxCommandBase64Bytes / 4) * 3), targets: [first()] }));
      expect(InvalidQueryError.isInstance(error), String(error)).toBe(false);
      expect(counting.count() - before).toBeGreaterThan(0);
    });

    it('runs on several targets and waits to success, each target with its output', async () => {
      const targets = environment.targets.slice(0, 2);
      const result = await runAndWait(source, { command: 'echo conformance', targets }, { ...wait(), includeOutput: true });
      expect(result.state).toBe('success');
      expect(result.invocation?.targets.map((target) => target.id).sort()).toEqual([...targets].sort());
      for (const target of result.invocation?.targets ?? []) {
        expect(target.status).toBe('Success');
        expect(target.output).toContain('conformance');
      }
    });

    it('a failing target ends the run in failure and is named', async () => {
      const result = await runAndWait(source, { command: 'echo x', targets: [first(), environment.failingTarget] }, wait());
      expect(result.state).toBe('failure');
      expect(result.invocation?.status).toBe('PartialFailed');
      expect(result.invocation?.targets.filter((target) => target.status === 'Failed').map((target) => target.id)).toEqual([environment.failingTarget]);
    });

    it('a command that runs past its timeout ends in Timeout (ExecutionTimeout)', async () => {
      const result = await runAndWait(source, { command: 'sleep 20', targets: [first()], timeoutSeconds: 10 }, wait());
      expect(result.state).toBe('failure');
      expect(result.invocation?.targets[0]).toMatchObject({ status: 'Timeout', errorCode: 'ExecutionTimeout' });
    });

    it.runIf(options.stop)('stops an invocation on all its targets or on some', async () => {
      if (!canRun(source) || !canStop(source)) throw new Error('the source cannot run and stop');
      const [one, two] = environment.targets as [string, string];
      const all = await source.run({ command: 'echo x', targets: [one, two] });
      await source.stop(all.invokeId);
      environment.advance(5_000);
      expect((await source.get(all.invokeId)).status).toBe('Stopped');
      const some = await source.run({ command: 'echo x', targets: [one, two] });
      await source.stop(some.invokeId, { targetIds: [two] });
      environment.advance(5_000);
      expect((await source.get(some.invokeId)).targets.map((target) => [target.id, target.status])).toEqual([
        [one, 'Success'],
        [two, 'Cancelled'],
      ]);
    });
  });
}
