import { describe, expect, it } from 'vitest';
import { OUTPUT_LIMIT_BYTES } from './shapes.js';
import { planTarget, simulatedOutput } from './steering.js';

const defaults = { dispatchMs: 1000, runMs: 2000 };

describe('planTarget', () => {
  it('follows the id rules before the content rules', () => {
    expect(planTarget('ecs', 'i-missing', 'exit 3', 60, defaults)).toMatchObject({ outcome: 'invalid', errorCode: 'InstanceNotExists' });
    expect(planTarget('eflo', 'e01-released', 'ls', 60, defaults)).toMatchObject({ outcome: 'invalid', errorCode: 'NodeReleased', errorInfo: 'the node has node when create task' });
    expect(planTarget('eflo', 'e01-stopped', 'ls', 60, defaults)).toMatchObject({ outcome: 'aborted', errorCode: 'NodeNotRunning' });
    expect(planTarget('swas', 'offline-1', 'ls', 60, defaults)).toMatchObject({ outcome: 'aborted', errorCode: 'ClientNotRunning' });
  });

  it('reads sleep, exit and the error marker from the content', () => {
    expect(planTarget('ecs', 'i-a', 'sleep 2\nsleep 1.5\nexit 0', 60, defaults)).toMatchObject({ outcome: 'success', runMs: 3500 });
    expect(planTarget('ecs', 'i-a', 'exit 1\nexit 42', 60, defaults)).toMatchObject({ outcome: 'failed', exitCode: 42 });
    expect(planTarget('ecs', 'i-a', 'sleep 61', 60, defaults)).toMatchObject({ outcome: 'timeout' });
    expect(planTarget('ecs', 'i-a', 'run # emulator:error', 60, defaults)).toMatchObject({ outcome: 'error' });
    expect(planTarget('ecs', 'i-fail-1', 'ls', 60, defaults)).toMatchObject({ outcome: 'failed', exitCode: 1 });
  });

  it('prints echo and seq lines', () => {
    expect(simulatedOutput('echo "a b"\nls\necho \'中文\'\nseq 3')).toEqual({ output: 'a b\n中文\n1\n2\n3\n', dropped: 0 });
  });

  it('keeps only 24 KB of a huge output and counts the rest arithmetically', () => {
    // seq 1000000 prints 6,888,896 characters; 70 such lines would be 482 MB if built.
    const one = simulatedOutput('seq 1000000');
    expect(Buffer.byteLength(one.output)).toBe(OUTPUT_LIMIT_BYTES);
    expect(one.output.length + one.dropped).toBe(6_888_896);
    const full = '1\n2\n3\n4\n5\n6\n7\n8\n9\n' + Array.from({ length: 10_000 }, (_, index) => String(index + 10)).join('\n') + '\n';
    expect(one.output).toBe(full.slice(0, OUTPUT_LIMIT_BYTES));
    const many = simulatedOutput(Array.from({ length: 70 }, () => 'seq 1000000').join('\n'));
    expect(many.output).toBe(one.output);
    expect(many.output.length + many.dropped).toBe(70 * 6_888_896);
    const wide = simulatedOutput(`echo ${'中'.repeat(9000)}\necho ${'文'.repeat(10)}`);
    expect(Buffer.byteLength(wide.output)).toBeLessThanOrEqual(OUTPUT_LIMIT_BYTES);
    expect(Array.from(wide.output).length + wide.dropped).toBe(9001 + 11);
  });
});
