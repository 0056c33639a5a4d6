export { ECS_API_VERSION, ECS_INVOKE_STATUS_FILTERS, ECS_REPEAT_MODE_FILTERS, ECS_COMMAND_TYPES, ECS_CONTENT_ENCODINGS, ecsContentEncodingSchema, ecsQuerySchema, ecsDescribeInvocationsRequestSchema } from './request.js';
export type { EcsContentEncoding, EcsQuery, EcsDescribeInvocationsParams, EcsDescribeInvocationsRequest } from './request.js';
export {
  ecsWireTagSchema,
  ecsWireInvokeInstanceSchema,
  ecsWireInvocationSchema,
  ecsDescribeInvocationsResponseSchema,
  ECS_XML_ARRAY_TAGS,
} from './wire-schema.js';
export type { EcsWireTag, EcsWireInvokeInstance, EcsWireInvocation, EcsDescribeInvocationsResponse } from './wire-schema.js';
export { mapEcsInvocation, mapEcsTarget } from './map-invocation.js';
export type { EcsInvocationExtra, EcsTargetExtra, MapEcsInvocationOptions } from './map-invocation.js';
export { parseDescribeInvocations } from './parse-describe-invocations.js';
export type { ParseDescribeInvocationsOptions, DescribeInvocationsPage } from '@invocations/openapi/kit';
export { createEcsSource } from './create-ecs-source.js';
export type { EcsSourceOptions, EcsPaging } from './create-ecs-source.js';
