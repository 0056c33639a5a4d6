export {
  percentEncode,
  canonicalizeV1,
  signV1,
  signV3,
  sha256Hex,
  isV3SignedHeader,
  EMPTY_BODY_SHA256,
  V3_ALGORITHM,
} from './signing.js';
export type { V3Signature } from './signing.js';
export { decodeBody, findRequestId } from './decode.js';
export type { DecodeBodyOptions } from './decode.js';
export { flattenParams } from './flatten.js';
// wire helpers
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
export { apiErrorInBody } from './error-body.js';
export type { ApiErrorInBodyOptions } from './error-body.js';
export type { ReadBodyOptions } from './read-body.js';
// adapter kit: what the three adapters' sources share
export { createLimiter, mapConcurrently } from './concurrency.js';
export type { Limiter } from './concurrency.js';
export { walkPages, walkTokens, defaultMaxPages, LISTING_RECORD_LIMIT } from './paging.js';
export { createRecentIds } from './recent-ids.js';
export type { RecentIds } from './recent-ids.js';
export { applyTargetDetails, applyInvocationDetails, targetStatusOf, LEGACY_TARGET_STATUS } from './map-target.js';
export type { WireTargetDetails, WireInvocationDetails } from './map-target.js';
export type { WalkedPage, WalkPagesOptions, TokenPage, WalkTokensOptions } from './paging.js';
export { sourceOptionsSchema, createSourceClient, linkAbort, SOURCE_MAX_PAGE_SIZE, SOURCE_MAX_PAGES_LIMIT } from './source-options.js';
export type { SourceOptions, SourcePaging, SourceContentEncoding, SourceClient, AbortLink } from './source-options.js';
export {
  resolveCredentials,
  resolveCredentialsProvider,
  isCredentialsClient,
  parseCredentials,
  readAliyunConfigFile,
  defaultAliyunConfigPath,
  CREDENTIAL_ENV_VARS,
} from './credentials.js';
export type { Credentials, CredentialsProvider, CredentialsInput, CredentialsClient, ResolveCredentialsOptions } from './credentials.js';
export { createRefreshingProvider, refreshMarginMs, MAX_REFRESH_MARGIN_MS } from './refreshing-credentials.js';
export type { TemporaryCredentials, RefreshingProviderOptions } from './refreshing-credentials.js';
export { OIDC_ENV_VARS, ECS_METADATA_ENV, ECS_METADATA_DISABLED_ENV, CREDENTIALS_URI_ENV } from './credential-sources.js';
export { METADATA_ENDPOINT_ENV, DEFAULT_METADATA_ENDPOINT, fetchEcsRoleCredentials, fetchUriCredentials } from './credential-endpoints.js';
export { STS_ENDPOINT_ENV, STS_VERSION, stsEndpoint, assumeRole, assumeRoleWithOidc } from './sts.js';
export type { StsEndpointOptions, StsCallOptions, AssumeRoleParameters, AssumeRoleWithOidcParameters } from './sts.js';
export { MAX_CONFIG_FILE_BYTES, MAX_TOKEN_FILE_BYTES } from './config-file.js';
export type { ConfigFileResult, ReadConfigFileOptions } from './config-file.js';
export { PRODUCT_APIS, ECS_ENDPOINT_MAP, defaultEndpoint, resolveEndpoint, assertRegion } from './endpoints.js';
export type { ResolvedEndpoint } from './endpoints.js';
export { createOpenApiClient } from './client.js';
export type { OpenApiClient, OpenApiClientOptions, OpenApiHooks, OpenApiRequest, OpenApiResponse, RetryOptions } from './client.js';
export { createRedactor } from './redact.js';
export { DEFAULT_MAX_RESPONSE_BYTES, readResponseText } from './response-body.js';
export type { ReadResponseTextOptions } from './response-body.js';
export { MAX_NESTING_DEPTH, nestingExceeds } from './nesting.js';
export type { Redactor } from './redact.js';
