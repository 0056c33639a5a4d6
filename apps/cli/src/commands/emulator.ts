import { EXIT } from '../errors.js';
import { DEFAULT_SEED, EMULATOR_EFLO_REGION, ENDPOINT_ENV, emulatorRegions, startCliEmulator } from '../sources.js';
import { writeLines, type CommandContext } from './context.js';

/** Options of `invocations emulator`. */
export interface EmulatorCommandOptions {
  port: number;
  host: string;
}

/**
 * `invocations emulator`: runs the emulator in the foreground with the data `invocations-emulator`
 * gives for the same `--seed`, prints its URL, the access key and the exports that point the CLI at
 * it, and stops on Ctrl-C or SIGTERM (the `io.signal`).
 */
export async function runEmulator(options: EmulatorCommandOptions, context: CommandContext): Promise<number> {
  const { io, globals } = context;
  const seed = globals.seed ?? DEFAULT_SEED;
  const emulator = await startCliEmulator({ seed, port: options.port, host: options.host });
  const { accessKeyId, accessKeySecret } = emulator.credentials;
  const [efloExample] = emulator.store.list('eflo', EMULATOR_EFLO_REGION).sort((a, b) => b.createdAt - a.createdAt);
  // A local fake key: printing it is the point, it opens nothing but this process.
  writeLines(io.stdout, [
    `emulator listening on ${emulator.url} (seed ${seed}; regions ${emulatorRegions(emulator).join(', ')}; eflo answers as ${EMULATOR_EFLO_REGION})`,
    `access key id:     ${accessKeyId}`,
    `access key secret: ${accessKeySecret}`,
    '',
    'point the CLI at it from another terminal:',
    `  export ALIBABA_CLOUD_ACCESS_KEY_ID=${accessKeyId} ALIBABA_CLOUD_ACCESS_KEY_SECRET=${accessKeySecret} ${ENDPOINT_ENV}=${emulator.url}`,
    `  invocations list --region ${emulatorRegions(emulator).join(',')}`,
    ...(efloExample ? [`  invocations get ${efloExample.invokeId} --product eflo --region ${EMULATOR_EFLO_REGION}`] : []),
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
