export {
  SWAS_API_VERSION,
  SWAS_INVOKE_STATUS_FILTERS,
  SWAS_MAX_PAGE_SIZE,
  SWAS_MAX_INSTANCE_PAGE_SIZE,
  swasQuerySchema,
  swasDescribeInvocationsRequestSchema,
  swasDescribeInvocationResultRequestSchema,
  swasListInstancesRequestSchema,
} from './request.js';
export type { SwasQuery, SwasParams, SwasDescribeInvocationsRequest } from './request.js';
export {
  swasInvocationWireSchema,
  swasDescribeInvocationsResponseSchema,
  swasInvocationResultWireSchema,
  swasDescribeInvocationResultResponseSchema,
  swasInstanceWireSchema,
  swasListInstancesResponseSchema,
} from './wire-schema.js';
export type {
  SwasInvocationWire,
  SwasDescribeInvocationsResponse,
  SwasInvocationResultWire,
  SwasDescribeInvocationResultResponse,
  SwasListInstancesResponse,
} from './wire-schema.js';
export { mapSwasInvocation, mapSwasInvocationResult, mergeInvocationResult, joinInstanceRecords } from './map-invocation.js';
export type { SwasMappingContext, SwasInvocationResult } from './map-invocation.js';
export { parseDescribeInvocations, SWAS_DESCRIBE_INVOCATIONS_ARRAY_TAGS } from './parse-describe-invocations.js';
export type {
  SwasParseDescribeInvocationsOptions as ParseDescribeInvocationsOptions,
  SwasDescribeInvocationsPage as DescribeInvocationsPage,
} from './parse-describe-invocations.js';
export { parseDescribeInvocationResult } from './parse-describe-invocation-result.js';
export type { ParsedDescribeInvocationResult } from './parse-describe-invocation-result.js';
export { parseListInstances, SWAS_LIST_INSTANCES_ARRAY_TAGS } from './parse-list-instances.js';
export type { SwasInstance, ParsedListInstances } from './parse-list-instances.js';
export { createSwasSource } from './create-swas-source.js';
export type { SwasSourceOptions, SwasPaging } from './create-swas-source.js';
