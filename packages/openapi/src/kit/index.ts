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
  fastTargetFields,
  fastInvocationFields,
  fastPagingFields,
} from './fast-wire.js';
export type { FastTargetFields, FastInvocationFields, FastPagingFields } from './fast-wire.js';
export { caseInsensitiveEnum } from './enum-schema.js';
export { unsupportedFieldIssues } from './unsupported-fields.js';
export { readBody, readListing, checkFormat } from './read-body.js';
export type { ReadBodyOptions, ReadListingOptions } from './read-body.js';
export { runCommandResponseSchema, callForm, createTokenRun, tokenRunCommandParams } from './run-command.js';
export { pageFields } from './page-fields.js';
export type { PageFields, WirePageFields } from './page-fields.js';
export type { FormCall, TokenRunOptions } from './run-command.js';
export { createLimiter, mapConcurrently } from './concurrency.js';
export type { Limiter, Concurrency, ConcurrencyBound } from './concurrency.js';
export { createAdaptiveWindow } from './adaptive-window.js';
export type { AdaptiveWindow, AdaptiveWindowOptions } from './adaptive-window.js';
export { isThrottlingError } from './throttle-feedback.js';
export { walkPages, walkTokens } from './paging.js';
export { applyTargetDetails, applyInvocationDetails, targetStatusOf, mapWireTarget, mapWireInvocation, sentFields } from './map-target.js';
export type {
  WireTargetDetails,
  WireInvocationDetails,
  WireTarget,
  WireInvocation,
  MapWireTargetOptions,
  MapWireInvocationOptions,
} from './map-target.js';
export type { WalkedPage, WalkPagesOptions, TokenPage, WalkTokensOptions } from './paging.js';
export { createSourceClient, linkedListing, SOURCE_DEFAULT_CONCURRENCY } from './source-options.js';
export type {
  SourceOptions,
  PagingOptions,
  ContentEncodingOption,
  SourceFeatures,
  SourcePaging,
  SourceContentEncoding,
  SourceClient,
} from './source-options.js';
export type { DescribeInvocationsPage, ParseDescribeInvocationsOptions } from './describe-invocations-page.js';
