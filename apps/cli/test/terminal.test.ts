import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { binPath, emptyHome, ensureBuilt } from './helpers.js';

// The pane is a real terminal (a TTY 80 columns wide), as a person would see the CLI.
const hasTmux = spawnSync('tmux', ['-V'], { stdio: 'ignore' }).status === 0;
const socket = `invocations-cli-test-${process.pid}`;
const COLUMNS = 80;

function tmux(...args: string[]): string {
  const result = spawnSync('tmux', ['-L', socket, '-f', '/dev/null', ...args], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`tmux ${args.join(' ')} failed: ${result.stderr}`);
  return result.stdout;
}

function quote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** Runs the CLI in a detached 80x60 pane and resolves with the pane's text once it exited (wrapped lines joined with -J). */
async function runInPane(name: string, args: string[], timeoutMs = 60_000): Promise<{ code: number; screen: string }> {
  const command = `env -i PATH=${quote(process.env.PATH ?? '')} HOME=${quote(emptyHome())} TERM=xterm-256color ${quote(process.execPath)} ${quote(binPath)} ${args.map(quote).join(' ')}; echo "EXIT=$?"; sleep 120`;
  tmux('new-session', '-d', '-s', name, '-x', String(COLUMNS), '-y', '60', command);
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      const screen = tmux('capture-pane', '-p', '-J', '-t', name);
      const exit = /^EXIT=(\d+)$/m.exec(screen);
      if (exit) return { code: Number(exit[1]), screen: screen.slice(0, exit.index) };
      if (Date.now() > deadline) throw new Error(`no exit in the pane after ${timeoutMs} ms:\n${screen}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  } finally {
    tmux('kill-session', '-t', name);
  }
}

function expectFits(screen: string): void {
  for (const line of screen.split('\n')) expect(line.trimEnd().length, `wider than ${COLUMNS} columns: ${line}`).toBeLessThanOrEqual(COLUMNS);
}

describe(`in a terminal ${COLUMNS} columns wide (tmux)`, () => {
  beforeAll(() => {
    if (hasTmux) ensureBuilt();
  }, 180_000);
  afterAll(() => {
    if (hasTmux) spawnSync('tmux', ['-L', socket, 'kill-server'], { stdio: 'ignore' });
  });

  it.skipIf(!hasTmux)(`the list table fits ${COLUMNS} columns${hasTmux ? '' : ' (skipped: tmux is not installed)'}`, async () => {
    const { code, screen } = await runInPane('list', ['list', '--emulator', '--product', 'ecs,swas', '--limit', '12']);
    expect(code, screen).toBe(0);
    expect(screen).toMatch(/^PRODUCT\s+REGION\s+INVOKE ID\s+COMMAND\s+STATUS\s+TARGETS$/m);
    expect(screen).toMatch(/^ecs\s+cn-hangzhou\s+t-hzdemowatch0001\s+rolling-de/m);
    // The counts stay on the row, whole: nothing wraps onto a line of its own.
    expect(screen).not.toMatch(/^\s+failed$/m);
    expectFits(screen);
  });

  it.skipIf(!hasTmux)(`the watch view redraws in place within ${COLUMNS} columns${hasTmux ? '' : ' (skipped: tmux is not installed)'}`, async () => {
    const { code, screen } = await runInPane('watch', ['watch', 't-hzdemowatch0001', '--emulator', '--interval', '200ms']);
    expect(code, screen).toBe(1); // the demo invocation ends PartialFailed
    expectFits(screen);
    // Redrawn in place: the heading and the target table appear once, not once per change.
    expect(screen.match(/^t-hzdemowatch0001 {2}ecs cn-hangzhou/gm)).toHaveLength(1);
    expect(screen.match(/^TARGET\s+STATUS/gm)).toHaveLength(1);
    expect(screen).toMatch(/^PartialFailed\s+2 ok \/ 1 failed/m);
    expect(screen).toMatch(/finished PartialFailed: 2 ok \/ 1 failed/);
    expect(screen).toMatch(/i-bp1demofail0003 Failed, exit 1/);
  });
});
