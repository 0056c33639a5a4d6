import { randomBytes } from 'node:crypto';
import { EmulatorApiError, invalidParameter, missingParameter } from './errors.js';
import type { Clock } from './types.js';

/** STS's API version: requests with it are answered by {@link TemporaryKeys}' actions. */
export const STS_VERSION = '2015-04-01';

/** Lifetimes of what the emulator issues, in seconds; short ones let tests see a refresh. */
export interface TemporaryCredentialOptions {
  /** Lifetime of STS credentials (AssumeRole, AssumeRoleWithOIDC): at most DurationSeconds. Default 3600. */
  stsSeconds?: number;
  /** Lifetime of ECS metadata credentials. Default 21600 (the real service rotates them every few hours). */
  metadataSeconds?: number;
  /** Role names the metadata service knows; default any. */
  metadataRoles?: readonly string[];
}

/** How often each credential endpoint was asked (tests check one call per refresh). */
export interface CredentialCounts {
  assumeRole: number;
  assumeRoleWithOidc: number;
  metadataToken: number;
  metadataCredentials: number;
}

interface Issued {
  secret: string;
  token: string;
  expiresAt: number;
}

const ROLE_ARN = /^acs:ram::\d+:role\/[A-Za-z0-9._@-]{1,64}$/i;
const OIDC_PROVIDER_ARN = /^acs:ram::\d+:oidc-provider\/[A-Za-z0-9._-]{1,128}$/i;
const SESSION_NAME = /^[A-Za-z0-9._@-]{2,64}$/;
// A JWT: three base64url parts, header and payload non-empty.
const JWT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

function random(bytes: number): string {
  return randomBytes(bytes).toString('base64url');
}

function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function positiveSeconds(value: number | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0) throw new RangeError(`temporaryCredentials.${name} must be a number of seconds > 0, got ${String(value)}`);
  return value;
}

/**
 * The temporary keys the emulator hands out (STS and the metadata service) and accepts back: an
 * `STS.` AccessKeyId with its SecurityToken, on every action, until it expires.
 */
export class TemporaryKeys {
  private readonly issued = new Map<string, Issued>();
  private readonly metadataTokens = new Map<string, number>();
  readonly counts: CredentialCounts = { assumeRole: 0, assumeRoleWithOidc: 0, metadataToken: 0, metadataCredentials: 0 };
  private readonly stsMs: number;
  private readonly metadataMs: number;
  private readonly roles: ReadonlySet<string> | undefined;

  constructor(
    private readonly clock: Clock,
    options: TemporaryCredentialOptions = {},
  ) {
    this.stsMs = positiveSeconds(options.stsSeconds, 'stsSeconds', 3600) * 1000;
    this.metadataMs = positiveSeconds(options.metadataSeconds, 'metadataSeconds', 21_600) * 1000;
    this.roles = options.metadataRoles ? new Set(options.metadataRoles) : undefined;
  }

  /** The secret of an issued key, expired or not (the signature is checked first, then the token and expiry). */
  secretOf(accessKeyId: string): string | undefined {
    return this.issued.get(accessKeyId)?.secret;
  }

  /** After a good signature by an issued key: the SecurityToken must be the one issued with it, and unexpired. */
  checkToken(accessKeyId: string, token: string | undefined): void {
    const issued = this.issued.get(accessKeyId);
    if (!issued) return;
    if (!token) throw new EmulatorApiError(400, 'InvalidSecurityToken.MismatchWithAccessKey', 'The security token you are using does not match your AccessKey.');
    if (token !== issued.token) throw new EmulatorApiError(400, 'InvalidSecurityToken.MismatchWithAccessKey', 'The security token you are using does not match your AccessKey.');
    if (this.clock.now() >= issued.expiresAt) throw new EmulatorApiError(400, 'InvalidSecurityToken.Expired', 'Specified SecurityToken is expired.');
  }

  private issue(lifetimeMs: number): { AccessKeyId: string; AccessKeySecret: string; SecurityToken: string; Expiration: string } {
    // Whole seconds, as the wire carries them: the key stops working exactly at the Expiration sent.
    const expiresAt = Math.floor((this.clock.now() + lifetimeMs) / 1000) * 1000;
    const accessKeyId = `STS.${random(18)}`;
    const secret = random(24);
    const token = `CAIS${random(48)}`;
    this.issued.set(accessKeyId, { secret, token, expiresAt });
    this.prune();
    return { AccessKeyId: accessKeyId, AccessKeySecret: secret, SecurityToken: token, Expiration: isoSeconds(expiresAt) };
  }

  private prune(): void {
    // Expired an hour ago: nobody can use them any more, and the map must not grow in a long run.
    const cutoff = this.clock.now() - 3_600_000;
    for (const [id, issued] of this.issued) if (issued.expiresAt < cutoff) this.issued.delete(id);
    for (const [token, expiresAt] of this.metadataTokens) if (expiresAt < this.clock.now()) this.metadataTokens.delete(token);
  }

  private stsLifetime(params: Record<string, string>): number {
    const raw = params.DurationSeconds;
    let seconds = 3600;
    if (raw !== undefined) {
      seconds = Number(raw);
      if (!/^\d+$/.test(raw) || seconds < 900 || seconds > 43_200) throw invalidParameter('DurationSeconds', 'must be a whole number from 900 to 43200');
    }
    return Math.min(seconds * 1000, this.stsMs);
  }

  private roleOf(params: Record<string, string>, requireSession: boolean): { arn: string; session: string } {
    const arn = params.RoleArn;
    if (!arn) throw missingParameter('RoleArn');
    if (!ROLE_ARN.test(arn)) throw invalidParameter('RoleArn', 'must be acs:ram::<account id>:role/<role name>');
    const session = params.RoleSessionName;
    if (!session && requireSession) throw missingParameter('RoleSessionName');
    if (session && !SESSION_NAME.test(session)) throw invalidParameter('RoleSessionName', '2 to 64 letters, digits and . @ - _');
    return { arn, session: session || 'oidc-session' };
  }

  /** STS AssumeRole (the caller's signature was checked before). */
  assumeRole(params: Record<string, string>): Record<string, unknown> {
    this.counts.assumeRole++;
    const role = this.roleOf(params, true);
    const lifetime = this.stsLifetime(params);
    const credentials = this.issue(lifetime);
    return {
      AssumedRoleUser: { Arn: `${role.arn.replace(/^acs:ram::(\d+):role\//i, 'acs:ram::$1:role/')}/${role.session}`, AssumedRoleId: `3${random(9)}:${role.session}` },
      Credentials: credentials,
    };
  }

  /** STS AssumeRoleWithOIDC: anonymous; any well-formed token (a JWT) is accepted. */
  assumeRoleWithOidc(params: Record<string, string>): Record<string, unknown> {
    this.counts.assumeRoleWithOidc++;
    const provider = params.OIDCProviderArn;
    if (!provider) throw missingParameter('OIDCProviderArn');
    if (!OIDC_PROVIDER_ARN.test(provider)) throw invalidParameter('OIDCProviderArn', 'must be acs:ram::<account id>:oidc-provider/<name>');
    const token = params.OIDCToken;
    if (!token) throw missingParameter('OIDCToken');
    if (token.length > 10_000 || !JWT.test(token)) throw new EmulatorApiError(400, 'AuthenticationFail.OIDCToken.Invalid', 'The OIDC token is not a well-formed JWT.');
    const role = this.roleOf(params, false);
    const credentials = this.issue(this.stsLifetime(params));
    return {
      AssumedRoleUser: { Arn: `${role.arn}/${role.session}`, AssumedRoleId: `3${random(9)}:${role.session}` },
      OIDCTokenInfo: { Issuer: 'https://oidc-ack.emulator.invalid', Subject: 'system:serviceaccount:default:emulator', ClientIds: 'sts.aliyuncs.com' },
      Credentials: credentials,
    };
  }

  /**
   * The metadata service's paths, in hardened mode: `PUT /latest/api/token` (TTL header required) and
   * `GET /latest/meta-data/ram/security-credentials/ROLE` (token header required). Plain HTTP answers as
   * the service gives them: text for the token, JSON for the credentials.
   */
  metadata(method: string, pathname: string, headers: Record<string, string>): { status: number; contentType: string; body: string } {
    const text = (status: number, body: string) => ({ status, contentType: 'text/plain', body });
    if (pathname === '/latest/api/token') {
      if (method !== 'PUT') return text(405, 'Method Not Allowed');
      const ttl = headers['x-aliyun-ecs-metadata-token-ttl-seconds'];
      const seconds = ttl !== undefined && /^\d+$/.test(ttl) ? Number(ttl) : Number.NaN;
      if (!(seconds >= 1 && seconds <= 21_600)) return text(400, 'Bad Request');
      this.counts.metadataToken++;
      const token = random(32);
      this.metadataTokens.set(token, this.clock.now() + seconds * 1000);
      return text(200, token);
    }
    const prefix = '/latest/meta-data/ram/security-credentials/';
    if (pathname.startsWith(prefix)) {
      if (method !== 'GET') return text(405, 'Method Not Allowed');
      const token = headers['x-aliyun-ecs-metadata-token'];
      const expiresAt = token === undefined ? undefined : this.metadataTokens.get(token);
      if (expiresAt === undefined || expiresAt <= this.clock.now()) return text(401, 'Unauthorized');
      const role = pathname.slice(prefix.length);
      if (!/^[A-Za-z0-9._-]{1,64}$/.test(role) || (this.roles && !this.roles.has(role))) return text(404, 'Not Found');
      this.counts.metadataCredentials++;
      const credentials = this.issue(this.metadataMs);
      return {
        status: 200,
        contentType: 'text/plain',
        body: JSON.stringify({ ...credentials, LastUpdated: isoSeconds(this.clock.now()), Code: 'Success' }, null, 2),
      };
    }
    return text(404, 'Not Found');
  }
}
