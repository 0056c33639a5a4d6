import { invocationQuerySchema } from '@invocations/core';
import { caseInsensitiveEnum, flattenParams } from '@invocations/openapi/kit';
import * as z from 'zod/mini';

/** The ECS API version this adapter speaks. */
export const ECS_API_VERSION = '2014-05-26';

/**
 * Values ECS accepts in the `InvokeStatus` filter: seed 003 lists Running, Finished, Failed,
 * PartialFailed, Stopped; the 7.11.6 SDK adds Success, Stopping, Pending, Scheduled.
 */
export const ECS_INVOKE_STATUS_FILTERS = [
  'Running',
  'Finished',
  'Failed',
  'PartialFailed',
  'Stopped',
  'Success',
  'Stopping',
  'Pending',
  'Scheduled',
] as const;

/** Values of the `RepeatMode` filter (ECS SDK 7.11.6). */
export const ECS_REPEAT_MODE_FILTERS = ['Once', 'Period', 'NextRebootOnly', 'EveryReboot'] as const;

/** Values of `CommandType` (seed 003, ECS SDK). */
export const ECS_COMMAND_TYPES = ['RunShellScript', 'RunBatScript', 'RunPowerShellScript'] as const;

/** How the service encodes CommandContent and Output: `Base64` (the service default) or `PlainText`. */
export const ECS_CONTENT_ENCODINGS = ['Base64', 'PlainText'] as const;
/** `Base64` or `PlainText`. */
export type EcsContentEncoding = (typeof ECS_CONTENT_ENCODINGS)[number];

// Enum inputs compare case-insensitively and come out in the documented spelling (design.md): openapi's caseInsensitiveEnum.

/** Zod schema of a content encoding given in any case (`base64` -> `Base64`). */
export const ecsContentEncodingSchema = caseInsensitiveEnum(ECS_CONTENT_ENCODINGS);

const tagKeyPrefix = /^(aliyun|acs:)/i;

/**
 * The canonical query as ECS can serve it: the core schema plus ECS's own rules (the InvokeStatus and
 * RepeatMode values it takes, tag keys not starting with `aliyun`/`acs:`, IncludeOutput only together
 * with InvokeId or InstanceId). Enum values come out in the documented spelling.
 */
export const ecsQuerySchema = z.extend(invocationQuerySchema, {
    invokeStatus: z.optional(caseInsensitiveEnum(ECS_INVOKE_STATUS_FILTERS)),
    repeatMode: z.optional(caseInsensitiveEnum(ECS_REPEAT_MODE_FILTERS)),
    commandType: z.optional(caseInsensitiveEnum(ECS_COMMAND_TYPES)),
  }).check(
  z.superRefine((query, context) => {
    if (query.includeOutput === true && query.invokeIds === undefined && query.targetId === undefined) {
      context.issues.push({
        code: 'custom',
        path: ['includeOutput'],
        message: 'needs invokeIds or targetId (ECS returns outputs only when InvokeId or InstanceId is given)',
        input: query.includeOutput,
      });
    }
    query.tags?.forEach((tag, index) => {
      if (tagKeyPrefix.test(tag.key)) {
        context.issues.push({ code: 'custom', path: ['tags', index, 'key'], message: 'must not start with aliyun or acs:', input: tag.key });
      }
    });
  }));
/** The canonical query after ECS's checks (see {@link ecsQuerySchema}). */
export type EcsQuery = z.output<typeof ecsQuerySchema>;

/** The parameters of one DescribeInvocations request, as sent on the wire (every value a string). */
export type EcsDescribeInvocationsParams = Record<string, string>;

const pageSize = z.number().check(z.int('must be an integer')).check(z.gte(1, 'must be at least 1')).check(z.lte(50, 'must be at most 50'));

/**
 * Zod schema of one DescribeInvocations request: a checked {@link EcsQuery} narrowed to at most one
 * invoke id, the region, the content encoding and the paging position, transformed into the wire
 * parameters (`RegionId`, `InvokeId`, `Tag.1.Key`, `PageNumber`, ...). Page-number paging
 * (`pageNumber`/`pageSize`) and token paging (`maxResults`/`nextToken`) exclude each other.
 *
 * Only what the caller asked for is sent: seed 003 says InvokeStatus "defaults to Running" and Timed to
 * false, which would hide finished and scheduled runs if the service applied it; we never send a
 * filter the caller did not set, and never fill in those defaults (design.md, "Decisions").
 */
export const ecsDescribeInvocationsRequestSchema = z.pipe(z.strictObject({
    regionId: z.string().check(z.trim()).check(z.minLength(1, 'must not be empty')),
    invokeId: z.optional(z.string().check(z.trim()).check(z.minLength(1, 'must not be empty'))),
    query: z.custom<EcsQuery>((value) => typeof value === 'object' && value !== null, 'must be a checked query'),
    contentEncoding: z.optional(ecsContentEncodingSchema),
    pageNumber: z.optional(z.number().check(z.int('must be an integer')).check(z.gte(1, 'must be at least 1'))),
    pageSize: z.optional(pageSize),
    maxResults: z.optional(pageSize),
    nextToken: z.optional(z.string().check(z.minLength(1, 'must not be empty'))),
  }).check(z.superRefine((request, context) => {
    const byPage = request.pageNumber !== undefined || request.pageSize !== undefined;
    const byToken = request.maxResults !== undefined || request.nextToken !== undefined;
    if (byPage && byToken) {
      context.issues.push({
        code: 'custom',
        path: ['nextToken'],
        message: 'pageNumber/pageSize and maxResults/nextToken exclude each other',
        input: request.nextToken,
      });
    }
  })), z.transform((request): EcsDescribeInvocationsParams => {
    const { query } = request;
    // Flattened as the official SDK does: tags become Tag.1.Key, Tag.1.Value, ...; undefined is left out.
    return flattenParams({
      RegionId: request.regionId,
      InvokeId: request.invokeId,
      CommandId: query.commandId,
      CommandName: query.commandName,
      CommandType: query.commandType,
      Timed: query.timed,
      InvokeStatus: query.invokeStatus,
      InstanceId: query.targetId,
      RepeatMode: query.repeatMode,
      ResourceGroupId: query.resourceGroupId,
      Tag: query.tags?.map((tag) => ({ Key: tag.key, Value: tag.value })),
      ContentEncoding: request.contentEncoding,
      IncludeOutput: query.includeOutput,
      PageNumber: request.pageNumber,
      PageSize: request.pageSize,
      MaxResults: request.maxResults,
      NextToken: request.nextToken,
    });
  }));
/** What {@link ecsDescribeInvocationsRequestSchema} takes. */
export type EcsDescribeInvocationsRequest = z.input<typeof ecsDescribeInvocationsRequestSchema>;

