import * as z from 'zod/mini';
import { InvalidQueryError, type QueryIssue } from './errors.js';
import { parseInput } from './validate.js';

/** The command types of a {@link RunRequest}, in the canonical spelling. */
export const COMMAND_TYPES = ['shell', 'bat', 'powershell'] as const;
/** `shell`, `bat` or `powershell`. */
export type CommandType = (typeof COMMAND_TYPES)[number];

/** The wire `Type` of RunCommand for each canonical command type (the same on ECS, SWAS and eflo). */
export const WIRE_COMMAND_TYPES: Readonly<Record<CommandType, 'RunShellScript' | 'RunBatScript' | 'RunPowerShellScript'>> = {
  shell: 'RunShellScript',
  bat: 'RunBatScript',
  powershell: 'RunPowerShellScript',
};

/**
 * RunCommand's `Timeout` range in seconds. SWAS documents 10 to 86400 (SWAS RunCommandRequest.timeout);
 * ECS and eflo document only the default (60), and the same range is applied to them so one request
 * means the same everywhere.
 */
export const RUN_TIMEOUT_SECONDS = { min: 10, max: 86_400 } as const;

/** ClientToken: ASCII only, at most 64 characters (RunCommandRequest.clientToken, ECS and eflo SDKs). */
const CLIENT_TOKEN = /^[\x20-\x7e]+$/;

/** An issue of this module's own rules: the message says the rule, the path names the field. */
function customIssue(message: string, path: PropertyKey[]) {
  return {
    // Stryker disable next-line StringLiteral: zod reads the code only to word a default message, and every issue here has its own
    code: 'custom' as const,
    message,
    path,
  };
}

const tagSchema = z.strictObject({
  key: z.string().check(z.minLength(1, 'must not be empty')).check(z.maxLength(64, 'must be at most 64 characters')),
  value: z._default(z.string().check(z.maxLength(128, 'must be at most 128 characters')), ''),
});

/**
 * The canonical request to run a command on one or more targets. Checked here for what holds on
 * every product; each adapter then checks its product's limits (target counts, command size after
 * Base64, parameter counts) before anything is sent.
 */
export const runRequestSchema = z.strictObject({
    /** The script in plain text; adapters encode it (Base64) where the API wants it. */
    command: z.string().check(z.refine((value) => value.trim() !== '', 'must not be empty')),
    /** `shell` (RunShellScript, default), `bat` (RunBatScript) or `powershell` (RunPowerShellScript). */
    type: z._default(z.enum(COMMAND_TYPES, { error: `must be one of ${COMMAND_TYPES.join(', ')}` }), 'shell'),
    /** InstanceIds (ECS, SWAS) or NodeIds (eflo), each once. */
    targets: z.array(z.string().check(z.trim()).check(z.minLength(1, 'must not be empty'))).check(z.minLength(1, 'must hold at least one target')).check(z.superRefine((targets, context) => {
        const seen = new Set<string>();
        targets.forEach((target, index) => {
          if (seen.has(target)) context.addIssue(customIssue(`must not repeat ${target}`, [index]));
          seen.add(target);
        });
      })),
    /** RunCommand's `Timeout`: how long the command may run on each target, in seconds (default 60). */
    timeoutSeconds: z.optional(z.number().check(z.int('must be an integer')).check(z.gte(RUN_TIMEOUT_SECONDS.min, `must be at least ${RUN_TIMEOUT_SECONDS.min}`)).check(z.lte(RUN_TIMEOUT_SECONDS.max, `must be at most ${RUN_TIMEOUT_SECONDS.max}`))),
    /** The working directory on the target (at most 200 characters, the ECS limit). */
    workingDir: z.optional(z.string().check(z.minLength(1, 'must not be empty')).check(z.maxLength(200, 'must be at most 200 characters'))),
    /** The user the command runs as (at most 255 characters). */
    username: z.optional(z.string().check(z.minLength(1, 'must not be empty')).check(z.maxLength(255, 'must be at most 255 characters'))),
    /** Values of the `{{name}}` placeholders in `command`; sending them turns EnableParameter on. */
    parameters: z.optional(
      z.record(z.string(), z.string()).check(
        // Checked here, not by the record's key schema: zod reports a bad key only as "Invalid key in record".
        z.superRefine((parameters, context) => {
          for (const key of Object.keys(parameters)) {
            if (key === '') context.addIssue(customIssue('keys must not be empty', []));
            else if (key.length > 64) context.addIssue(customIssue('keys must be at most 64 characters', [key]));
          }
        }),
      ),
    ),
    /**
     * EnableParameter: substitute `{{name}}` placeholders. Default: true when `parameters` is given.
     * `false` together with `parameters` is refused (the values would be sent and never used).
     */
    enableParameter: z.optional(z.boolean()),
    /** The command's name (at most 128 characters). */
    name: z.optional(z.string().check(z.minLength(1, 'must not be empty')).check(z.maxLength(128, 'must be at most 128 characters'))),
    /** The command's description (at most 512 characters). */
    description: z.optional(z.string().check(z.maxLength(512, 'must be at most 512 characters'))),
    /** Tags of the invocation (ECS only; at most 20). */
    tags: z.optional(z.array(tagSchema).check(z.maxLength(20, 'must hold at most 20 tags'))),
    /** Idempotency token; generated (crypto.randomUUID) when absent. ASCII, at most 64 characters. */
    clientToken: z.optional(z.string().check(z.minLength(1, 'must not be empty')).check(z.maxLength(64, 'must be at most 64 characters')).check(z.regex(CLIENT_TOKEN, 'must be printable ASCII'))),
  }).check(z.superRefine((request, context) => {
    if (request.enableParameter === false && request.parameters !== undefined) {
      context.addIssue(customIssue('needs enableParameter (false was given, so the values would never be used)', ['parameters']));
    }
  }));

/** A run request as the caller writes it (see {@link runRequestSchema}). */
export type RunRequestInput = z.input<typeof runRequestSchema>;
/** A run request after checking: defaults filled in. */
export type RunRequest = z.output<typeof runRequestSchema>;

/** Whether the request substitutes parameters: EnableParameter as sent, or true when parameters are given. */
export function parametersEnabled(request: RunRequest): boolean {
  return request.enableParameter ?? request.parameters !== undefined;
}

/** A new ClientToken (a random UUID from Web Crypto, so it works in browsers and Node alike). */
export function newClientToken(): string {
  return globalThis.crypto.randomUUID();
}

/** UTF-8 size of a text in bytes. */
export function utf8Length(text: string): number {
  return new TextEncoder().encode(text).length;
}

/** Length of the Base64 form of a text's UTF-8 bytes (what the services measure command sizes by). */
export function base64Length(text: string): number {
  return Math.ceil(utf8Length(text) / 3) * 4;
}

/** The Base64 form of a text's UTF-8 bytes (Web APIs only: TextEncoder and btoa). */
export function encodeBase64Text(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  // Chunks keep String.fromCharCode's argument list short for large scripts.
  // Stryker disable next-line EqualityOperator: one more pass at index === length adds String.fromCharCode() of nothing, ''
  for (let index = 0; index < bytes.length; index += 0x8000) binary += String.fromCharCode(...bytes.subarray(index, index + 0x8000));
  return btoa(binary);
}

/** Custom parameter names a command uses (`{{ name }}`, built-in `{{ACS::...}}` excluded), lowercased. */
export function placeholderNames(command: string): string[] {
  const names = new Set<string>();
  for (const match of command.matchAll(/\{\{\s*([^{}]*?)\s*\}\}/g)) {
    const name = match[1] as string; // the group takes part in every match
    if (!/^ACS::/i.test(name)) names.add(name.toLowerCase());
  }
  return [...names];
}

/** What a product allows in one RunCommand call, as its API documents say (each adapter states its own). */
export interface RunLimits {
  /** Most targets in one request; absent when the product documents no limit. */
  maxTargets?: number;
  /** Most bytes of the command (with its parameters) after Base64, as the documents measure it. */
  maxCommandBase64Bytes: number;
  /** Most entries of `parameters`. */
  maxParameters: number;
  /** Most distinct `{{name}}` placeholders in the command. */
  maxPlaceholders: number;
  /** The command types the product runs (all three when absent). */
  types?: readonly CommandType[];
  /** Fields the product's RunCommand has no parameter for: refused rather than dropped. */
  unsupported?: readonly ('tags' | 'description' | 'username' | 'workingDir' | 'name' | 'clientToken')[];
}

/** The size a request's command takes after Base64: the command plus its parameters as JSON. */
export function commandBase64Bytes(request: Pick<RunRequest, 'command' | 'parameters'>): number {
  // Stryker disable next-line ConditionalExpression: JSON.stringify(undefined) is undefined, which TextEncoder encodes as no bytes: 0 either way
  return base64Length(request.command) + (request.parameters === undefined ? 0 : base64Length(JSON.stringify(request.parameters)));
}

/** Every rule of `limits` a checked request breaks, each naming the field and the rule. */
export function runLimitIssues(request: RunRequest, limits: RunLimits, product: string): QueryIssue[] {
  const issues: QueryIssue[] = [];
  if (request.targets.length > (limits.maxTargets ?? Number.POSITIVE_INFINITY)) {
    issues.push({ path: 'targets', message: `must hold at most ${limits.maxTargets} targets on ${product} (got ${request.targets.length})` });
  }
  if (limits.types !== undefined && !limits.types.includes(request.type)) {
    issues.push({ path: 'type', message: `must be ${limits.types.join(' or ')} on ${product}` });
  }
  const size = commandBase64Bytes(request);
  if (size > limits.maxCommandBase64Bytes) {
    issues.push({
      path: 'command',
      message: `must be at most ${limits.maxCommandBase64Bytes} bytes after Base64 (with its parameters) on ${product}, got ${size}`,
    });
  }
  const parameterCount = Object.keys(request.parameters ?? {}).length;
  if (parameterCount > limits.maxParameters) {
    issues.push({ path: 'parameters', message: `must hold at most ${limits.maxParameters} parameters on ${product} (got ${parameterCount})` });
  }
  if (parametersEnabled(request)) {
    const names = placeholderNames(request.command);
    const bad = names.find((name) => !/^[a-z0-9_-]{1,64}$/.test(name));
    if (bad !== undefined) issues.push({ path: 'command', message: `placeholder {{${bad.slice(0, 70)}}} must use a-zA-Z0-9-_ and at most 64 characters` });
    if (names.length > limits.maxPlaceholders) issues.push({ path: 'command', message: `must use at most ${limits.maxPlaceholders} {{placeholders}} (got ${names.length})` });
  }
  // Stryker disable next-line ArrayDeclaration: equivalent, a checked request holds no field outside the schema, so a stand-in name finds nothing
  for (const field of limits.unsupported ?? []) {
    if (request[field] !== undefined) issues.push({ path: field, message: `is not supported by ${product} RunCommand` });
  }
  return issues;
}

/**
 * Checks a caller's run request against the canonical schema, then against the product's limits;
 * throws one `InvalidQueryError` naming every field and rule broken. Nothing is sent before this.
 */
export function checkRunRequest(input: unknown, limits: RunLimits, product: string): RunRequest {
  const context = `${product} run`;
  const request = parseInput(runRequestSchema, input, context);
  const issues = runLimitIssues(request, limits, product);
  if (issues.length > 0) throw new InvalidQueryError(issues, { context });
  return request;
}
