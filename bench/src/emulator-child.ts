// The parent side of emulator-process.ts: start an emulator filled with ECS invocations in a child
// process and talk to it over IPC.
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { EmulatorFaults } from '@invocations/emulator';
import type { EmulatorProcessMessage, EmulatorProcessRequest } from './emulator-process.js';

type Reply<T extends EmulatorProcessMessage['type']> = Extract<EmulatorProcessMessage, { type: T }>;

/** An emulator running in a child process. */
export interface EmulatorChild {
  url: string;
  /** The child's process id (the archive benchmark reads its CPU time). */
  pid: number;
  credentials: { accessKeyId: string; accessKeySecret: string };
  /** The InvokeIds inserted (only for up to 20,000). */
  ids: string[] | undefined;
  setFaults(faults: EmulatorFaults): Promise<void>;
  /** The child's heap after a GC, and its peak since the last reset. */
  memory(reset?: boolean): Promise<Reply<'memory'>>;
  close(): Promise<void>;
}

function next<T extends EmulatorProcessMessage['type']>(child: ChildProcess, type: T): Promise<Reply<T>> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: EmulatorProcessMessage) => {
      if (message.type !== type) return;
      child.off('message', onMessage);
      child.off('exit', onExit);
      resolve(message as Reply<T>);
    };
    const onExit = (code: number | null) => reject(new Error(`the emulator process exited (${code}) before sending ${type}`));
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

/**
 * Forks an emulator holding `count` ECS invocations (see populateEcs) in the benchmark region, or
 * (`'stand-in'`) a server that renders `count` generated invocations page by page; `targets` per invocation.
 */
export async function startEmulatorChild(count: number, kind: 'emulator' | 'stand-in' = 'emulator', targets = 1): Promise<EmulatorChild> {
  const child = fork(fileURLToPath(new URL('./emulator-process.ts', import.meta.url)), [String(count), kind, String(targets)], {
    // The same loader (tsx) and conditions as this process, plus --expose-gc for the memory readings.
    execArgv: [...process.execArgv.filter((a) => a !== '--expose-gc' && !a.startsWith('--cpu-prof')), '--expose-gc'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ready = await next(child, 'ready');
  const send = <T extends EmulatorProcessMessage['type']>(request: EmulatorProcessRequest, type: T) => {
    const reply = next(child, type);
    child.send(request);
    return reply;
  };
  return {
    url: ready.url,
    pid: child.pid ?? 0,
    credentials: ready.credentials,
    ids: ready.ids,
    async setFaults(faults) {
      await send({ type: 'faults', faults }, 'faults');
    },
    memory: (reset) => send({ type: 'memory', reset }, 'memory'),
    async close() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.send({ type: 'close' } satisfies EmulatorProcessRequest);
      await exited;
    },
  };
}
