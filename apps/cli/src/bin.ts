#!/usr/bin/env node
import { run } from './run.js';

// Ctrl-C and SIGTERM abort the command (watch exits 130, the emulator shuts down); a second Ctrl-C exits at once.
const controller = new AbortController();
const onSignal = (): void => {
  if (controller.signal.aborted) process.exit(130);
  controller.abort();
};
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);
// A reader that went away (`invocations list | head`) is not an error worth a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

// `run` on many targets asks on the terminal; the answer is one line of stdin.
async function confirm(question: string): Promise<boolean> {
  const { createInterface } = await import('node:readline/promises');
  const reader = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await reader.question(question, { signal: controller.signal });
    return /^y(es)?$/i.test(answer.trim());
  } catch {
    return false;
  } finally {
    reader.close();
  }
}

const code = await run(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  signal: controller.signal,
  stdinIsTTY: process.stdin.isTTY === true,
  confirm,
});
// Exit explicitly so idle keep-alive sockets cannot hold the process open; stdout is flushed first.
process.stdout.write('', () => process.exit(code));
