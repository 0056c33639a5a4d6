export {
  EFLO_API_VERSION,
  EFLO_CONTENT_ENCODINGS,
  efloContentEncodingSchema,
  efloQuerySchema,
  efloDescribeInvocationsRequestSchema,
} from './request.js';
export type { EfloContentEncoding, EfloQuery, EfloDescribeInvocationsParams, EfloDescribeInvocationsRequest } from './request.js';
export {
  efloWireInvokeNodeSchema,
  efloWireInvocationSchema,
  efloDescribeInvocationsResponseSchema,
  EFLO_XML_ARRAY_TAGS,
} from './wire-schema.js';
export type { EfloWireInvokeNode, EfloWireInvocation, EfloDescribeInvocationsResponse } from './wire-schema.js';
export { mapEfloInvocation, mapEfloNode } from './map-invocation.js';
export type { MapEfloInvocationOptions } from './map-invocation.js';
export { parseDescribeInvocations } from './parse-describe-invocations.js';
export type { EfloDescribeInvocationsPage as DescribeInvocationsPage } from './parse-describe-invocations.js';
export type { ParseDescribeInvocationsOptions } from '@invocations/openapi/kit';
export { createEfloSource } from './create-eflo-source.js';
export type { EfloSourceOptions } from './create-eflo-source.js';
