import { AbortedError, ConfigurationError, InvalidQueryError } from '@invocations/core';
import { escapeControls, escapeControlsInText } from './render/escape.js';

/**
 * The exit codes of `invocations`. Documented in the README and in `--help`.
 * 0 success; 1 the watched invocation Failed or PartialFailed; 2 usage or configuration error
 * (bad flag or value, a flag that does not apply, no credentials, no region, a query a product
 * cannot serve, a port in use); 3 the watched invocation
 * was Stopped; 4 `watch` timed out; 5 the API answered with an error or could not be reached;
 * 130 interrupted (Ctrl-C).
 */
export const EXIT = {
  ok: 0,
  failed: 1,
  usage: 2,
  stopped: 3,
  timeout: 4,
  api: 5,
  interrupted: 130,
} as const;

/** A mistake in the command line found by the CLI itself (exit code 2). */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** The exit code for an error: 2 for usage and configuration, 130 for an abort, 5 for the rest (API, network, decoding). */
export function exitCodeFor(error: unknown): number {
  if (error instanceof UsageError || InvalidQueryError.isInstance(error) || ConfigurationError.isInstance(error)) return EXIT.usage;
  if (AbortedError.isInstance(error)) return EXIT.interrupted;
  // ApiError, DecodeError, NotFoundError, TimeoutError, network failures: the service side.
  return EXIT.api;
}

// The libraries name their options; on the command line the same things are flags or do not exist.
const LIBRARY_WORDING: readonly [RegExp, string][] = [
  [/\bthe credentials option(?:,\s*| and )/g, ''],
  [/\bthe profile option\b/g, '--profile'],
  [/\bthe endpoint option\b/g, '--endpoint'],
  [/\bthe region option\b/g, '--region'],
  [/^openapi client options: endpoint: /, '--endpoint: '],
  [/^profile: must be/, '--profile: must be'],
  [/^profile (\S+) was asked for/, '--profile $1 was asked for'],
];

/** A library message in the CLI's words: `--profile`, not "the profile option"; no credentials option the CLI does not have. */
export function cliWording(message: string): string {
  return LIBRARY_WORDING.reduce((text, [pattern, replacement]) => text.replace(pattern, replacement), message);
}

/**
 * One line for an error: its message with line breaks folded (ApiError and DecodeError messages
 * already carry the request id). With `debug`, the stack follows on the next lines.
 */
export function formatError(error: unknown, debug = false): string {
  const message = cliWording(error instanceof Error ? error.message : String(error));
  // Messages carry the service's own text (Code, Message): control characters are shown escaped.
  const line = `error: ${escapeControls(message.replace(/\s*\n\s*/g, ' ').trim())}`;
  if (debug && error instanceof Error && error.stack) {
    const causeStack = error.cause instanceof Error && error.cause.stack ? `\ncaused by: ${error.cause.stack}` : '';
    return `${line}\n${escapeControlsInText(`${error.stack}${causeStack}`)}`;
  }
  return line;
}
