import { describe, expect, it } from 'vitest';
import { serverQueries } from './list.js';

describe('serverQueries: the filters each product is asked to apply itself', () => {
  it('ECS: one listing per status, with the command id and the invoke ids', () => {
    expect(serverQueries('ecs', { product: ['ecs'], status: ['Failed', 'PartialFailed'], commandId: 'c-1', invokeId: ['t-1'] })).toEqual([
      { invokeIds: ['t-1'], commandId: 'c-1', invokeStatus: 'Failed' },
      { invokeIds: ['t-1'], commandId: 'c-1', invokeStatus: 'PartialFailed' },
    ]);
    expect(serverQueries('ecs', { product: ['ecs'], name: 'deploy' })).toEqual([{}]);
  });

  it('ECS: no status filter beside an instance when PartialFailed is asked (it has no effect there)', () => {
    expect(serverQueries('ecs', { product: ['ecs'], status: ['Success', 'PartialFailed'], instance: 'i-1' })).toEqual([{ targetId: 'i-1' }]);
    expect(serverQueries('ecs', { product: ['ecs'], status: ['Success'], instance: 'i-1' })).toEqual([{ targetId: 'i-1', invokeStatus: 'Success' }]);
  });

  it('SWAS: the status only with an instance, in its own values, and never the command id', () => {
    expect(serverQueries('swas', { product: ['swas'], status: ['Success', 'Running'], instance: 'i-1', commandId: 'c-1' })).toEqual([
      { targetId: 'i-1', invokeStatus: 'Finished' },
      { targetId: 'i-1', invokeStatus: 'Running' },
    ]);
    expect(serverQueries('swas', { product: ['swas'], status: ['Failed'] })).toEqual([{}]);
    expect(serverQueries('swas', { product: ['swas'], status: ['Failed', 'Stopped'], instance: 'i-1' })).toEqual([{ targetId: 'i-1' }]);
  });

  it('eflo: ids and the node only', () => {
    expect(serverQueries('eflo', { product: ['eflo'], status: ['Failed'], commandId: 'c-1', invokeId: ['t-1'], node: 'e-1' })).toEqual([{ invokeIds: ['t-1'], targetId: 'e-1' }]);
  });
});
