import type { CliIo } from '../io.js';
import type { GlobalOptions } from '../options.js';

/** What every command's action receives besides its own options. */
export interface CommandContext {
  io: CliIo;
  globals: GlobalOptions;
  now: () => number;
}

/** Writes lines to a stream, one `\n` each. */
export function writeLines(stream: CliIo['stdout'], lines: readonly string[]): void {
  if (lines.length > 0) stream.write(`${lines.join('\n')}\n`);
}
