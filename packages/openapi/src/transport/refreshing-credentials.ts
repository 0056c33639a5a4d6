import { ConfigurationError, InvocationsError, registerSecrets } from '@invocations/core';
import type { Credentials } from './credentials.js';

/** Credentials that stop working at `expiresAt` (epoch ms): what STS, the metadata service and a credentials URI hand out. */
export interface TemporaryCredentials extends Credentials {
  /** When the credentials expire, epoch milliseconds. */
  expiresAt: number;
}

/** Options of {@link createRefreshingProvider}. */
export interface RefreshingProviderOptions {
  /** Names the source in messages, e.g. `STS AssumeRole (profile work)`. */
  name: string;
  /** Called once per failed refresh streak while the old credentials are still in use. */
  onWarning?: (message: string) => void;
  /** Default `Date.now`; tests move time. */
  now?: () => number;
  /** Default `Math.random`; tests pin the jitter. */
  random?: () => number;
}

/** Longest refresh margin: refresh at most this long before expiry (the official SDKs use a few minutes). */
export const MAX_REFRESH_MARGIN_MS = 3 * 60_000;

/**
 * How long before expiry to refresh: a quarter of the credentials' lifetime, at most three minutes,
 * jittered down to half of that so that many processes started together do not refresh together.
 */
export function refreshMarginMs(lifetimeMs: number, random: number): number {
  const base = Math.min(MAX_REFRESH_MARGIN_MS, Math.max(0, lifetimeMs) / 4);
  return base * (0.5 + 0.5 * Math.min(1, Math.max(0, random)));
}

function warnDefault(message: string): void {
  const process = (globalThis as { process?: { emitWarning?: (message: string, options: { code: string }) => void } }).process;
  process?.emitWarning?.(message, { code: 'INVOCATIONS_CREDENTIALS_REFRESH' });
}

function describe(error: unknown): string {
  // Errors of this library are redacted when built; anything else may quote anything and is reduced to its class.
  if (InvocationsError.isInstance(error)) return error.message;
  return error instanceof Error ? error.name : 'unknown error';
}

/** After a failed refresh with valid credentials left: wait this long (at most) before trying again. */
const RETRY_AFTER_FAILURE_MS = 10_000;

/**
 * Wraps a fetch of temporary credentials in a cache: the first call fetches, later calls get the cached
 * credentials until the refresh point (expiry minus {@link refreshMarginMs}); then one refresh runs, however
 * many calls wait on it. A refresh that fails while the old credentials are still valid leaves them in use,
 * reported once through `onWarning` (default `process.emitWarning`, code `INVOCATIONS_CREDENTIALS_REFRESH`);
 * a failure with nothing valid left is thrown. Every secret and token fetched is registered for redaction.
 */
export function createRefreshingProvider(fetchCredentials: () => Promise<TemporaryCredentials>, options: RefreshingProviderOptions): () => Promise<Credentials> {
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const warn = options.onWarning ?? warnDefault;
  let current: { credentials: Credentials; expiresAt: number; refreshAt: number } | undefined;
  let inFlight: Promise<Credentials> | undefined;
  let warned = false;

  const refresh = (): Promise<Credentials> => {
    inFlight ??= (async () => {
      const fetchedAt = now();
      const fresh = await fetchCredentials();
      registerSecrets([fresh.accessKeySecret, fresh.securityToken]);
      if (!(fresh.expiresAt > now())) {
        throw new ConfigurationError(`${options.name}: the credentials received have already expired`);
      }
      const { accessKeyId, accessKeySecret, securityToken } = fresh;
      const credentials: Credentials = securityToken === undefined ? { accessKeyId, accessKeySecret } : { accessKeyId, accessKeySecret, securityToken };
      current = { credentials, expiresAt: fresh.expiresAt, refreshAt: fresh.expiresAt - refreshMarginMs(fresh.expiresAt - fetchedAt, random()) };
      warned = false;
      return credentials;
    })().finally(() => {
      inFlight = undefined;
    });
    return inFlight;
  };

  return async () => {
    const time = now();
    if (current && time < current.refreshAt) return current.credentials;
    const old = current;
    try {
      return await refresh();
    } catch (error) {
      if (old && now() < old.expiresAt) {
        // Not again on every call: the next try waits a little, and still comes before expiry.
        if (current === old) old.refreshAt = now() + Math.min(RETRY_AFTER_FAILURE_MS, (old.expiresAt - now()) / 2);
        if (!warned) {
          warned = true;
          const seconds = Math.max(0, Math.round((old.expiresAt - now()) / 1000));
          try {
            warn(`${options.name}: refreshing the credentials failed (${describe(error)}); the current ones stay in use for ${seconds} s more`);
          } catch {
            // A warning sink must not break the call.
          }
        }
        return old.credentials;
      }
      throw error;
    }
  };
}
