import type { Product } from '../types.js';
import type { ActionHandler } from './context.js';
import { ecsDescribeInvocations, ecsRunCommand, ecsStopInvocation } from './ecs.js';
import { efloDescribeInvocations, efloRunCommand, efloStopInvocation } from './eflo.js';
import { swasDescribeInvocationResult, swasDescribeInvocations, swasListInstances, swasRunCommand } from './swas.js';

/** Action handlers per product; an action missing here is `InvalidApi.NotFound`. */
export const ACTIONS: Record<Product, Record<string, ActionHandler>> = {
  ecs: { DescribeInvocations: ecsDescribeInvocations, RunCommand: ecsRunCommand, StopInvocation: ecsStopInvocation },
  swas: {
    DescribeInvocations: swasDescribeInvocations,
    DescribeInvocationResult: swasDescribeInvocationResult,
    ListInstances: swasListInstances,
    RunCommand: swasRunCommand,
  },
  eflo: { DescribeInvocations: efloDescribeInvocations, RunCommand: efloRunCommand, StopInvocation: efloStopInvocation },
};

export type { ActionContext, ActionHandler } from './context.js';
