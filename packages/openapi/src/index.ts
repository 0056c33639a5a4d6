/**
 * The Alibaba Cloud OpenAPI (RPC) transport: credentials, V1/V3 signing, endpoints, the HTTP client with
 * retries and deadlines, bounded response reading, JSON/XML decoding and typed errors. What the adapters
 * share on top of it (paging, wire readers, source options) is `@invocations/openapi/kit`.
 */
export { percentEncode, canonicalizeV1, signV1, signV3, sha256Hex, EMPTY_BODY_SHA256, V3_ALGORITHM } from './transport/signing.js';
export type { V3Signature } from './transport/signing.js';
export { decodeBody, loadXmlDecoder, isXmlDecoderLoaded } from './transport/decode.js';
export type { DecodeBodyOptions } from './transport/decode.js';
export { apiErrorInBody } from './transport/error-body.js';
export type { ApiErrorInBodyOptions } from './transport/error-body.js';
export { resolveCredentials, resolveCredentialsProvider, readAliyunConfigFile, defaultAliyunConfigPath } from './transport/credentials.js';
export type { Credentials, CredentialsProvider, CredentialsInput, CredentialsClient, ResolveCredentialsOptions } from './transport/credentials.js';
export type { ConfigFileResult, ReadConfigFileOptions } from './transport/config-file.js';
export { PRODUCT_APIS, ECS_ENDPOINT_MAP, defaultEndpoint, resolveEndpoint } from './transport/endpoints.js';
export type { ResolvedEndpoint } from './transport/endpoints.js';
export { createOpenApiClient } from './transport/client.js';
export type { OpenApiClient, OpenApiClientOptions, OpenApiHooks, OpenApiRequest, OpenApiResponse, RetryOptions } from './transport/client.js';
export { DEFAULT_MAX_RESPONSE_BYTES } from './transport/response-body.js';
export { MAX_NESTING_DEPTH } from './transport/nesting.js';
