// A recognisable AccessKey secret and STS token, and a watcher that collects everything a run lets
// out (console and stdout/stderr lines, hook payloads, errors with their causes) so a test can
// assert that neither value ever leaks.
import { inspect } from 'node:util';
import { afterAll, beforeAll } from 'vitest';

/** The AccessKey secret every reliability run uses: easy to spot in any text. */
export const SECRET = 'BENCH-SECRET-7f3a9c1d5e2b';
/** The STS token every reliability run uses. */
export const STS_TOKEN = 'BENCH-STS-TOKEN-4d8e6a2c0f1b';
/** The AccessKey id (not secret: it may appear). */
export const ACCESS_KEY_ID = 'LTAI-bench-reliability';

const FORBIDDEN = [SECRET, STS_TOKEN].flatMap((value) => [
  value,
  encodeURIComponent(value),
  Buffer.from(value).toString('base64'),
  // A key that is a prefix of the HMAC key ("secret&") would show up like this in a V1 string-to-sign.
  `${value}&`,
]);

/** Where a collected text came from, for the failure message. */
interface Collected {
  where: string;
  text: string;
}

/** Collects texts and checks them for the secret and the token. */
export interface SecretWatch {
  /** Records a hook payload. */
  hook(name: string, payload: unknown): void;
  /** Records an error: message, stack, own fields and the whole cause chain. */
  error(where: string, error: unknown): void;
  /** Records any other text (e.g. a response body a test saw). */
  text(where: string, text: string): void;
  /** How many texts were collected so far (a watch that saw nothing proves nothing). */
  readonly count: number;
  /** Fails with the first leak found. */
  assertClean(): void;
}

function describeError(error: unknown, depth = 0): string {
  if (depth > 8) return '';
  if (error === null || typeof error !== 'object') return String(error);
  const record = error as Record<string, unknown> & { cause?: unknown; errors?: unknown[] };
  const parts = [inspect(error, { depth: 6, showHidden: false, breakLength: Infinity })];
  if (error instanceof Error) parts.push(error.message, error.stack ?? '');
  try {
    parts.push(JSON.stringify(error, (_key, value: unknown) => (typeof value === 'bigint' ? String(value) : value)));
  } catch {
    // Circular structures are covered by inspect above.
  }
  if (record.cause !== undefined) parts.push(describeError(record.cause, depth + 1));
  if (Array.isArray(record.errors)) for (const inner of record.errors) parts.push(describeError(inner, depth + 1));
  return parts.join('\n');
}

/**
 * Starts collecting console output and stdout/stderr writes for the current test file (from
 * `beforeAll` to `afterAll`), and returns the watch to feed hook payloads and errors into.
 */
export function watchForSecrets(): SecretWatch {
  const collected: Collected[] = [];
  const restore: (() => void)[] = [];
  const watch: SecretWatch = {
    hook(name, payload) {
      collected.push({ where: `hook ${name}`, text: `${JSON.stringify(payload)}\n${inspect(payload, { depth: 6 })}` });
    },
    error(where, error) {
      collected.push({ where: `error in ${where}`, text: describeError(error) });
    },
    text(where, text) {
      collected.push({ where, text });
    },
    get count() {
      return collected.length;
    },
    assertClean() {
      for (const item of collected) {
        for (const forbidden of FORBIDDEN) {
          if (item.text.includes(forbidden)) {
            const at = item.text.indexOf(forbidden);
            throw new Error(`a secret leaked into ${item.where}: …${item.text.slice(Math.max(0, at - 80), at)}<SECRET>…`);
          }
        }
      }
    },
  };
  beforeAll(() => {
    for (const method of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const) {
      const original = console[method];
      console[method] = (...args: unknown[]) => {
        collected.push({ where: `console.${method}`, text: args.map((a) => (typeof a === 'string' ? a : inspect(a, { depth: 6 }))).join(' ') });
        original.apply(console, args);
      };
      restore.push(() => {
        console[method] = original;
      });
    }
    for (const stream of [process.stdout, process.stderr]) {
      const original = stream.write.bind(stream);
      stream.write = ((chunk: unknown, ...rest: unknown[]) => {
        collected.push({ where: stream === process.stdout ? 'stdout' : 'stderr', text: typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString() });
        return (original as (...args: unknown[]) => boolean)(chunk, ...rest);
      }) as typeof stream.write;
      restore.push(() => {
        stream.write = original;
      });
    }
  });
  afterAll(() => {
    for (const undo of restore.reverse()) undo();
  });
  return watch;
}
