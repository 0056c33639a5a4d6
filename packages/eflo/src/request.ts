import { invocationQuerySchema } from '@invocations/core';
import { caseInsensitiveEnum, unsupportedFieldIssues } from '@invocations/openapi/kit';
import * as z from 'zod/mini';

/** The eflo-controller API version this adapter speaks. */
export const EFLO_API_VERSION = '2022-12-15';

/** How the service encodes CommandContent and Output: `Base64` (the service default) or `PlainText`. */
export const EFLO_CONTENT_ENCODINGS = ['Base64', 'PlainText'] as const;
/** `Base64` or `PlainText`. */
export type EfloContentEncoding = (typeof EFLO_CONTENT_ENCODINGS)[number];

// Enum inputs compare case-insensitively and come out in the documented spelling (design.md): openapi's caseInsensitiveEnum.
/** Zod schema of a content encoding given in any case (`base64` -> `Base64`). */
export const efloContentEncodingSchema = caseInsensitiveEnum(EFLO_CONTENT_ENCODINGS);

// Canonical query fields eflo DescribeInvocations has no parameter for (seed 000, products.md §1.3).
const UNSUPPORTED_FIELDS = ['commandId', 'commandName', 'commandType', 'invokeStatus', 'timed', 'repeatMode', 'resourceGroupId', 'tags'] as const;

/**
 * The canonical query as eflo can serve it. eflo DescribeInvocations answers one InvokeId at a time
 * (optionally narrowed to one NodeId) and cannot list: `invokeIds` is required, and the filters it
 * has no parameter for are rejected, naming the field, instead of being ignored. `pageSize` is
 * accepted and has no effect (eflo does not page).
 */
export const efloQuerySchema = invocationQuerySchema.check(z.superRefine((query, context) => {
  if (query.invokeIds === undefined) {
    context.issues.push({
      code: 'custom',
      path: ['invokeIds'],
      message: 'is required: the eflo API cannot list invocations, it only describes given invoke ids (DescribeInvocations needs InvokeId)',
      input: query.invokeIds,
    });
  }
  context.issues.push(...unsupportedFieldIssues(query, UNSUPPORTED_FIELDS, 'eflo DescribeInvocations cannot filter on this field (it takes InvokeId and NodeId only)'));
}));
/** The canonical query after eflo's checks (see {@link efloQuerySchema}). */
export type EfloQuery = z.output<typeof efloQuerySchema>;

/** The parameters of one DescribeInvocations request, as sent in the form body (every value a string). */
export type EfloDescribeInvocationsParams = Record<string, string>;

/**
 * Zod schema of one DescribeInvocations request, transformed into the form-body parameters
 * (`InvokeId`, `NodeId`, `IncludeOutput`, `ContentEncoding`). There is no RegionId: the region is in
 * the endpoint (`eflo-controller.<region>.aliyuncs.com`), and the parameters travel in a POST form
 * body (the official SDK's `body`), not in the query.
 *
 * @example
 * efloDescribeInvocationsRequestSchema.parse({ invokeId: 't-1', includeOutput: true, contentEncoding: 'plaintext' });
 * // { InvokeId: 't-1', IncludeOutput: 'true', ContentEncoding: 'PlainText' }
 */
export const efloDescribeInvocationsRequestSchema = z.pipe(z.strictObject({
    invokeId: z.string().check(z.trim()).check(z.minLength(1, 'is required: eflo DescribeInvocations needs InvokeId')),
    nodeId: z.optional(z.string().check(z.trim()).check(z.minLength(1, 'must not be empty'))),
    includeOutput: z.optional(z.boolean()),
    contentEncoding: z.optional(efloContentEncodingSchema),
  }), z.transform((request): EfloDescribeInvocationsParams => {
    const params: EfloDescribeInvocationsParams = { InvokeId: request.invokeId };
    if (request.nodeId !== undefined) params.NodeId = request.nodeId;
    if (request.includeOutput !== undefined) params.IncludeOutput = String(request.includeOutput);
    if (request.contentEncoding !== undefined) params.ContentEncoding = request.contentEncoding;
    return params;
  }));
/** What {@link efloDescribeInvocationsRequestSchema} takes. */
export type EfloDescribeInvocationsRequest = z.input<typeof efloDescribeInvocationsRequestSchema>;
