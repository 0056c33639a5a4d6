/**
 * The adapter kit: what the ECS, SWAS and eflo sources share on top of the transport (paging and page
 * coverage, a concurrency limiter, body reading, zod and fast wire readers, target mapping, source options).
 */
export { flattenParams } from './flatten.js';
export { wireString, wireTime, wireBoolean, wireInteger, wireList, wrappedList, decodeBase64Text, parseParameters } from './wire.js';
export {
  giveUp,
  readFast,
  fastString,
  fastRequiredString,
  fastContent,
  fastBoolean,
  fastInteger,
  fastRecord,
  fastList,
  fastWrappedList,
} from './fast-wire.js';
export { caseInsensitiveEnum } from './enum-schema.js';
export { readBody, checkFormat } from './read-body.js';
export type { ReadBodyOptions } from './read-body.js';
export { createLimiter, mapConcurrently } from './concurrency.js';
export type { Limiter } from './concurrency.js';
export { walkPages, walkTokens, defaultMaxPages, LISTING_RECORD_LIMIT } from './paging.js';
export { createRecentIds } from './recent-ids.js';
export type { RecentIds } from './recent-ids.js';
export { applyTargetDetails, applyInvocationDetails, targetStatusOf, LEGACY_TARGET_STATUS } from './map-target.js';
export type { WireTargetDetails, WireInvocationDetails } from './map-target.js';
export type { WalkedPage, WalkPagesOptions, TokenPage, WalkTokensOptions } from './paging.js';
export { sourceOptionsSchema, createSourceClient, linkAbort, SOURCE_MAX_PAGE_SIZE, SOURCE_MAX_PAGES_LIMIT } from './source-options.js';
export type {
  SourceOptions,
  PagingOptions,
  ContentEncodingOption,
  SourceFeatures,
  SourcePaging,
  SourceContentEncoding,
  SourceClient,
  AbortLink,
} from './source-options.js';
export type { DescribeInvocationsPage, ParseDescribeInvocationsOptions } from './describe-invocations-page.js';
