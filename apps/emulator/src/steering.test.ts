import { describe, expect, it } from 'vitest';
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
    expect(simulatedOutput('echo "a b"\nls\necho \'中文\'\nseq 3')).toBe('a b\n中文\n1\n2\n3\n');
  });
});
