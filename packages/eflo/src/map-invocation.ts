import type { Invocation, InvocationTarget } from '@invocations/core';
import { mapWireInvocation, mapWireTarget } from '@invocations/openapi/kit';
import type { EfloContentEncoding } from './request.js';
import type { EfloWireInvocation, EfloWireInvokeNode } from './wire-schema.js';

/** Options of {@link mapEfloInvocation}. */
export interface MapEfloInvocationOptions {
  /** How CommandContent and Output were encoded (default `Base64`, the service default). */
  contentEncoding?: EfloContentEncoding;
  /** The region the response came from (eflo responses do not name it: it is in the endpoint). */
  region?: string;
}

/**
 * Maps one wire node onto the canonical {@link InvocationTarget} (kind `'node'`). The documented
 * quirks end up clean: `Timed: "false"` is `false`, `ErrorCode: " NodeNotExists"` /
 * `"NodeNotExists:"` / `true` go through core's `mapTargetError` (the raw code is kept), times lose
 * their trailing tab and newline, ErrorInfo sentences (typos included) give canonical codes.
 */
export function mapEfloNode(wire: EfloWireInvokeNode, base64: boolean): InvocationTarget {
  return mapWireTarget(wire, { id: wire.NodeId, legacyStatus: wire.NodeInvokeStatus, kind: 'node', product: 'eflo', base64 });
}

/**
 * Maps one wire invocation onto the canonical {@link Invocation}. `status` is the service's
 * InvocationStatus in the documented spelling, kept even when it disagrees with the nodes (seed 000:
 * overall Success, its only node Pending); it is computed with `aggregateStatus` only when the service
 * sent none. eflo sends `Timed` only per node, so the invocation's `timed` is true when any node will
 * run again by itself (a periodic command stays timed while one node still waits), false otherwise.
 * CommandContent and Output are Base64-decoded as UTF-8 when the response was Base64 (text that is
 * not Base64, like seed 000's masked `cnBtIC1xYSB8IGdyZXAgdnNm****`, is kept as sent).
 */
export function mapEfloInvocation(wire: EfloWireInvocation, options: MapEfloInvocationOptions = {}): Invocation {
  const base64 = (options.contentEncoding ?? 'Base64') === 'Base64';
  const targets = wire.InvokeNodes.map((node) => mapEfloNode(node, base64));
  const timed = targets.some((target) => target.timed === true);
  return mapWireInvocation(wire, targets, { product: 'eflo', timed, base64, region: options.region });
}
