import { EXIT } from '../errors.js';
import { DEFAULT_SEED, DEMO_INVOCATION, EMULATOR_REGIONS, startCliEmulator } from '../sources.js';
import { writeLines, type CommandContext } from './context.js';

/** Options of `invocations emulator`. */
export interface EmulatorCommandOptions {
  port: number;
  host: string;
}

/**
 * `invocations emulator`: runs the emulator in the foreground, prints its URL, the access key and
 * how to point the CLI at it, and stops on Ctrl-C or SIGTERM (the `io.signal`).
 */
export async function runEmulator(options: EmulatorCommandOptions, context: CommandContext): Promise<number> {
  const { io, globals } = context;
  const seed = globals.seed ?? DEFAULT_SEED;
  const emulator = await startCliEmulator({ seed, port: options.port, host: options.host });
  const { accessKeyId, accessKeySecret } = emulator.credentials;
  writeLines(io.stdout, [
    `emulator listening on ${emulator.url} (seed ${seed}; regions ${EMULATOR_REGIONS.join(', ')})`,
    `access key id:     ${accessKeyId}`,
    `access key secret: ${accessKeySecret}`,
    '',
    'point the CLI at it from another terminal:',
    `  export ALIBABA_CLOUD_ACCESS_KEY_ID=${accessKeyId} ALIBABA_CLOUD_ACCESS_KEY_SECRET=${accessKeySecret}`,
    `  invocations list --endpoint ${emulator.url} --region ${EMULATOR_REGIONS.join(',')}`,
    `  invocations watch ${DEMO_INVOCATION.invokeId} --endpoint ${emulator.url} --region ${DEMO_INVOCATION.region}   (runs for the first ~10 s)`,
    '',
    'press Ctrl-C to stop',
  ]);
  await new Promise<void>((resolve) => {
    if (!io.signal || io.signal.aborted) {
      if (io.signal?.aborted) resolve();
      return; // no signal to wait on: run until the process is killed
    }
    io.signal.addEventListener('abort', () => resolve(), { once: true });
  });
  await emulator.close();
  io.stderr.write('emulator stopped\n');
  return EXIT.ok;
}
