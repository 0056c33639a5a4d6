/**
 * The Alibaba Cloud OpenAPI (RPC) transport: credentials, V1/V3 signing, endpoints, the HTTP client with
 * retries and deadlines, bounded response reading, JSON/XML decoding and typed errors. What the adapters
 * share on top of it (paging, wire readers, source options) is `@invocations/openapi/kit`.
 */
export {
  percentEncode,
  canonicalizeV1,
  signV1,
  signV3,
  sha256Hex,
  isV3SignedHeader,
  EMPTY_BODY_SHA256,
  V3_ALGORITHM,
} from './transport/signing.js';
export type { V3Signature } from './transport/signing.js';
export { decodeBody, findRequestId } from './transport/decode.js';
export type { DecodeBodyOptions } from './transport/decode.js';
export { apiErrorInBody } from './transport/error-body.js';
export type { ApiErrorInBodyOptions } from './transport/error-body.js';
export {
  resolveCredentials,
  resolveCredentialsProvider,
  isCredentialsClient,
  parseCredentials,
  readAliyunConfigFile,
  defaultAliyunConfigPath,
  CREDENTIAL_ENV_VARS,
} from './transport/credentials.js';
export type { Credentials, CredentialsProvider, CredentialsInput, CredentialsClient, ResolveCredentialsOptions } from './transport/credentials.js';
export { createRefreshingProvider, refreshMarginMs, MAX_REFRESH_MARGIN_MS } from './transport/refreshing-credentials.js';
export type { TemporaryCredentials, RefreshingProviderOptions } from './transport/refreshing-credentials.js';
export { OIDC_ENV_VARS, ECS_METADATA_ENV, ECS_METADATA_DISABLED_ENV, CREDENTIALS_URI_ENV } from './transport/credential-sources.js';
export { METADATA_ENDPOINT_ENV, DEFAULT_METADATA_ENDPOINT, fetchEcsRoleCredentials, fetchUriCredentials } from './transport/credential-endpoints.js';
export { STS_ENDPOINT_ENV, STS_VERSION, stsEndpoint, assumeRole, assumeRoleWithOidc } from './transport/sts.js';
export type { StsEndpointOptions, StsCallOptions, AssumeRoleParameters, AssumeRoleWithOidcParameters } from './transport/sts.js';
export { MAX_CONFIG_FILE_BYTES, MAX_TOKEN_FILE_BYTES } from './transport/config-file.js';
export type { ConfigFileResult, ReadConfigFileOptions } from './transport/config-file.js';
export { PRODUCT_APIS, ECS_ENDPOINT_MAP, defaultEndpoint, resolveEndpoint, assertRegion } from './transport/endpoints.js';
export type { ResolvedEndpoint } from './transport/endpoints.js';
export { createOpenApiClient } from './transport/client.js';
export type { OpenApiClient, OpenApiClientOptions, OpenApiHooks, OpenApiRequest, OpenApiResponse, RetryOptions } from './transport/client.js';
export { createRedactor } from './transport/redact.js';
export { DEFAULT_MAX_RESPONSE_BYTES, readResponseText } from './transport/response-body.js';
export type { ReadResponseTextOptions } from './transport/response-body.js';
export { MAX_NESTING_DEPTH, nestingExceeds } from './transport/nesting.js';
export type { Redactor } from './transport/redact.js';
