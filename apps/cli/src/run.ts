import { CommanderError } from 'commander';
import { EXIT, exitCodeFor, formatError } from './errors.js';
import type { CliIo } from './io.js';
import { createProgram } from './program.js';

/**
 * Runs `invocations` with `argv` (the arguments after the program name) and resolves with the
 * exit code. Never throws and never exits the process: errors become one line on `io.stderr`
 * (with the stack too under `--debug`).
 *
 * @example
 * const code = await run(['list', '--emulator', '--output', 'json'], { stdout: process.stdout, stderr: process.stderr, env: process.env });
 */
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  let exitCode: number = EXIT.ok;
  const program = createProgram({ io, now: io.now ?? Date.now, setExitCode: (code) => (exitCode = code) });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    // Help and --version end with code 0; every other commander error is a usage error.
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    io.stderr.write(`${formatError(error, argv.includes('--debug'))}\n`);
    return exitCodeFor(error);
  }
}
