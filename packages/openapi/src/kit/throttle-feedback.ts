import { ApiError, DecodeError, isThrottlingAnswer } from '@invocations/core';
import type { OpenApiClient, OpenApiHooks } from '../transport/client.js';
import type { AdaptiveWindow } from './adaptive-window.js';

/**
 * Whether an error from the client says the service throttled the call, by core's one rule
 * (`isThrottlingAnswer`: a `Throttling` code, or HTTP 429 with or without an error body).
 */
export function isThrottlingError(error: unknown): boolean {
  if (ApiError.isInstance(error)) return isThrottlingAnswer(error);
  return DecodeError.isInstance(error) && error.httpStatus !== undefined && isThrottlingAnswer({ httpStatus: error.httpStatus });
}

/**
 * The client options' `hooks` with an `onRetry` that tells `window` of each throttled attempt the
 * transport retries, then calls the caller's own `onRetry`. The window learns of throttling at the
 * first throttled attempt, while the transport alone does the retrying (nothing is retried twice).
 * Hooks that are not what the client accepts are handed on as they are, for the client to refuse.
 */
export function hooksFeeding(hooks: unknown, window: AdaptiveWindow): unknown {
  if (hooks !== undefined && (typeof hooks !== 'object' || hooks === null)) return hooks;
  const given = hooks as OpenApiHooks | undefined;
  const onRetry: unknown = given?.onRetry;
  if (onRetry !== undefined && typeof onRetry !== 'function') return hooks;
  const fed: OpenApiHooks = {
    onRetry: (event) => {
      if (event.throttled) window.throttled();
      (onRetry as OpenApiHooks['onRetry'])?.(event);
    },
  };
  if (given?.onRequest !== undefined) fed.onRequest = given.onRequest;
  if (given?.onResponse !== undefined) fed.onResponse = given.onResponse;
  return fed;
}

/** `client` with every call tracked by `window`: a success can grow it, a throttled failure halves it. */
export function trackedClient(client: OpenApiClient, window: AdaptiveWindow): OpenApiClient {
  return {
    product: client.product,
    region: client.region,
    endpoint: client.endpoint,
    call: (request) => window.track(() => client.call(request)),
  };
}
