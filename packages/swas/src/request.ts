import { invocationQuerySchema } from '@invocations/core';
import { caseInsensitiveEnum, unsupportedFieldIssues } from '@invocations/openapi/kit';
import * as z from 'zod/mini';

/** The SWAS (swas-open) API version this adapter speaks. */
export const SWAS_API_VERSION = '2020-06-01';

/** The InvokeStatus filter values SWAS DescribeInvocations accepts (seed 001): no Stopped, no PartialFailed. */
export const SWAS_INVOKE_STATUS_FILTERS = ['Running', 'Finished', 'Failed'] as const;

/** Largest PageSize of SWAS DescribeInvocations (seed 001). */
export const SWAS_MAX_PAGE_SIZE = 50;
/** Largest PageSize of SWAS ListInstances (SWAS SDK 4.0.0). */
export const SWAS_MAX_INSTANCE_PAGE_SIZE = 100;

// Enum inputs compare case-insensitively and come out in the documented spelling (design.md): openapi's caseInsensitiveEnum.

// Canonical query fields SWAS DescribeInvocations has no parameter for (seed 001, products.md §1.2).
const UNSUPPORTED_FIELDS = ['commandId', 'commandName', 'commandType', 'timed', 'repeatMode', 'resourceGroupId', 'tags'] as const;

/**
 * The canonical query as SWAS can serve it. Fields SWAS has no filter for (commandId, commandName,
 * commandType, timed, repeatMode, resourceGroupId, tags) are rejected, naming the field, instead of
 * being silently ignored; `invokeStatus` must be Running, Finished or Failed (any case). `invokeIds`
 * is served by reading the instances' records and keeping those ids; `includeOutput` asks
 * DescribeInvocationResult once per record.
 */
export const swasQuerySchema = z.extend(invocationQuerySchema, {
    invokeStatus: z.optional(caseInsensitiveEnum(SWAS_INVOKE_STATUS_FILTERS, ' (SWAS filters on nothing else)')),
  }).check(
  z.superRefine((query, context) => {
    context.issues.push(...unsupportedFieldIssues(query, UNSUPPORTED_FIELDS, 'SWAS DescribeInvocations cannot filter on this field (it filters by instance and InvokeStatus only)'));
  }));
/** The canonical query after SWAS's checks (see {@link swasQuerySchema}). */
export type SwasQuery = z.output<typeof swasQuerySchema>;

/** The parameters of one SWAS request, as sent on the wire (every value a string). */
export type SwasParams = Record<string, string>;

const pageNumber = z.number().check(z.int('must be an integer')).check(z.gte(1, 'must be at least 1'));

/**
 * Zod schema of one SWAS DescribeInvocations request: the region, the instance (required by the
 * API: SWAS SDK 4.0.0; seed 001 lost its "required" column), a checked {@link SwasQuery} and the page,
 * transformed into the wire parameters (`RegionId`, `InstanceId`, `InvokeStatus`, `PageNumber`,
 * `PageSize`). Only what the caller asked for is sent.
 *
 * @example
 * swasDescribeInvocationsRequestSchema.parse({ regionId: 'cn-hangzhou', instanceId: 'i-1', query: { invokeStatus: 'Finished' }, pageSize: 50 });
 * // { RegionId: 'cn-hangzhou', InstanceId: 'i-1', InvokeStatus: 'Finished', PageSize: '50' }
 */
export const swasDescribeInvocationsRequestSchema = z.pipe(z.strictObject({
    regionId: z.string().check(z.trim()).check(z.minLength(1, 'must not be empty')),
    instanceId: z.string().check(z.trim()).check(z.minLength(1, 'is required: SWAS DescribeInvocations answers for one instance at a time')),
    query: z.custom<SwasQuery>((value) => typeof value === 'object' && value !== null, 'must be a checked query'),
    pageNumber: z.optional(pageNumber),
    pageSize: z.optional(z.number().check(z.int('must be an integer')).check(z.gte(1, 'must be at least 1')).check(z.lte(SWAS_MAX_PAGE_SIZE, `must be at most ${SWAS_MAX_PAGE_SIZE}`))),
  }), z.transform((request): SwasParams => {
    const params: SwasParams = { RegionId: request.regionId, InstanceId: request.instanceId };
    if (request.query.invokeStatus !== undefined) params.InvokeStatus = request.query.invokeStatus;
    if (request.pageNumber !== undefined) params.PageNumber = String(request.pageNumber);
    if (request.pageSize !== undefined) params.PageSize = String(request.pageSize);
    return params;
  }));
/** What {@link swasDescribeInvocationsRequestSchema} takes. */
export type SwasDescribeInvocationsRequest = z.input<typeof swasDescribeInvocationsRequestSchema>;

/** Zod schema of a SWAS DescribeInvocationResult request: all three parameters are required (SWAS SDK 4.0.0). */
export const swasDescribeInvocationResultRequestSchema = z.pipe(z.strictObject({
    regionId: z.string().check(z.trim()).check(z.minLength(1, 'must not be empty')),
    instanceId: z.string().check(z.trim()).check(z.minLength(1, 'must not be empty')),
    invokeId: z.string().check(z.trim()).check(z.minLength(1, 'must not be empty')),
  }), z.transform((request): SwasParams => ({ RegionId: request.regionId, InstanceId: request.instanceId, InvokeId: request.invokeId })));

/** Zod schema of a SWAS ListInstances request, used to discover a region's instances. */
export const swasListInstancesRequestSchema = z.pipe(z.strictObject({
    regionId: z.string().check(z.trim()).check(z.minLength(1, 'must not be empty')),
    pageNumber: z.optional(pageNumber),
    pageSize: z.optional(z.number().check(z.int('must be an integer')).check(z.gte(1, 'must be at least 1')).check(z.lte(SWAS_MAX_INSTANCE_PAGE_SIZE, `must be at most ${SWAS_MAX_INSTANCE_PAGE_SIZE}`))),
  }), z.transform((request): SwasParams => {
    const params: SwasParams = { RegionId: request.regionId };
    if (request.pageNumber !== undefined) params.PageNumber = String(request.pageNumber);
    if (request.pageSize !== undefined) params.PageSize = String(request.pageSize);
    return params;
  }));
