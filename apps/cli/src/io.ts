/** A stream the CLI writes to: `process.stdout`, `process.stderr`, or a test double. */
export interface OutputStream {
  write(chunk: string): unknown;
  /** True when the stream is a terminal (colour, redraw in place, progress lines). */
  isTTY?: boolean;
  /** Terminal width in columns, when the stream is a terminal. */
  columns?: number;
}

/** Everything the CLI touches outside itself, so `run` can be driven from tests. */
export interface CliIo {
  stdout: OutputStream;
  stderr: OutputStream;
  /** Environment variables (credentials, region, NO_COLOR, HOME). */
  env: Record<string, string | undefined>;
  /** Aborted on Ctrl-C: `watch` then exits with 130 and `emulator` shuts down. */
  signal?: AbortSignal;
  /** The clock, for relative times and the watch view (default `Date.now`). */
  now?: () => number;
  /** True when stdin is a terminal, so a question can be asked (`run` on many targets). */
  stdinIsTTY?: boolean;
  /** Asks a yes/no question on the terminal; resolves true for yes. Absent: nothing can be asked. */
  confirm?(question: string): Promise<boolean>;
}

/** The terminal width of a stream: its `columns` on a TTY, else `COLUMNS`, else no limit. */
export function widthOf(stream: OutputStream, env: CliIo['env']): number | undefined {
  if (stream.isTTY && typeof stream.columns === 'number' && stream.columns > 0) return stream.columns;
  const fromEnv = Number.parseInt(env.COLUMNS ?? '', 10);
  return Number.isFinite(fromEnv) && fromEnv > 0 ? fromEnv : undefined;
}

/** Whether to colour output on a stream: only on a TTY (or FORCE_COLOR), never with NO_COLOR or TERM=dumb. */
export function colorEnabled(stream: OutputStream, env: CliIo['env']): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '' && env.FORCE_COLOR !== '0') return true;
  if (env.TERM === 'dumb') return false;
  return stream.isTTY === true;
}
