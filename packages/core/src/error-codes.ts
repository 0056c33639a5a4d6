import type { Product } from './model.js';

/**
 * The canonical per-target error codes: ECS's names (seed 003) with "Instance" read as the target,
 * plus SecurityGroupRuleDenied (ECS SDK 7.0.14) and TaskConcurrencyLimit (ECS SDK 7.3.0).
 */
export const TARGET_ERROR_CODES = [
  'TargetNotExists',
  'TargetReleased',
  'TargetNotRunning',
  'CommandNotApplicable',
  'AccountNotExists',
  'DirectoryNotExists',
  'BadCronExpression',
  'ClientNotRunning',
  'ClientNotResponse',
  'ClientIsUpgrading',
  'ClientNeedUpgrade',
  'DeliveryTimeout',
  'ExecutionTimeout',
  'ExecutionException',
  'ExecutionInterrupted',
  'ExitCodeNonzero',
  'SecurityGroupRuleDenied',
  'TaskConcurrencyLimit',
] as const;

/** A canonical per-target error code (see {@link TARGET_ERROR_CODES}). */
export type TargetErrorCode = (typeof TARGET_ERROR_CODES)[number];

/** What {@link mapTargetError} reads: one target's ErrorCode and ErrorInfo exactly as the service sent them. */
export interface TargetErrorInput {
  /** The product that sent the record (the three products share one rule set today; kept so a product-specific rule never changes the signature). */
  product: Product;
  /** ErrorCode as sent: a string (maybe with stray spaces or a trailing colon), a boolean (old eflo SDK), null or absent. */
  errorCode?: unknown;
  /** ErrorInfo as sent: a sentence, `""`, `"Null"`, null or absent. */
  errorInfo?: unknown;
}

/** The mapped error of one target, ready for {@link InvocationTarget}. Absent fields mean "no error". */
export interface MappedTargetError {
  /** The canonical code, or the product's code trimmed when it has no canonical name (eflo's FileCreateFail, a new code). */
  errorCode?: string;
  /** The code exactly as sent, when the service sent a non-empty one. */
  rawErrorCode?: string;
  /** ErrorInfo exactly as sent, when it says something (`""` and `"Null"` are dropped). */
  errorInfo?: string;
}

const canonicalByLowerCase = new Map<string, TargetErrorCode>(TARGET_ERROR_CODES.map((code) => [code.toLowerCase(), code]));

// Product codes whose names say "Instance" (ECS, SWAS) or "Node" (eflo) for the target.
const codeAliases: ReadonlyArray<readonly [string, TargetErrorCode]> = [
  ['InstanceNotExists', 'TargetNotExists'],
  ['InstanceReleased', 'TargetReleased'],
  ['InstanceNotRunning', 'TargetNotRunning'],
  ['NodeNotExists', 'TargetNotExists'],
  ['NodeReleased', 'TargetReleased'],
  ['NodeNotRunning', 'TargetNotRunning'],
];
for (const [alias, code] of codeAliases) canonicalByLowerCase.set(alias.toLowerCase(), code);

/**
 * Every ErrorInfo sentence the documents give, keyed by its normalised form (see `sentenceKey`).
 * Sources: seed 003 (ECS; SWAS's SDK repeats it), seed 002 (eflo, typos kept), ECS SDK 7.0.14 (the
 * capitalised set), eflo SDK 3.x (prose) and eflo's SendFile docs. The services may really send
 * only the oldest set; the newer ones cost nothing to recognise.
 */
const SENTENCES: ReadonlyArray<readonly [string, TargetErrorCode]> = [
  // seed 003 (ECS) = SWAS
  ['the specified instance does not exists', 'TargetNotExists'],
  ['the instance has released when create task', 'TargetReleased'],
  ['the instance is not running when create task', 'TargetNotRunning'],
  ['the command is not applicable', 'CommandNotApplicable'],
  ['the specified account does not exists', 'AccountNotExists'],
  ['the specified directory does not exists', 'DirectoryNotExists'],
  ['the cron job expression is invalid', 'BadCronExpression'],
  ['the aliyun service is not running on the instance', 'ClientNotRunning'],
  ['the aliyun service in the instance does not response', 'ClientNotResponse'],
  ['the aliyun service in the instance is upgrading now', 'ClientIsUpgrading'],
  ['the aliyun service in the instance need upgrade', 'ClientNeedUpgrade'],
  ['the command delivery has been timeout', 'DeliveryTimeout'],
  ['the command execution has been timeout', 'ExecutionTimeout'],
  ['the command execution got an exception', 'ExecutionException'],
  ['the command execution has been interrupted', 'ExecutionInterrupted'],
  ['the command execution exit code is not zero', 'ExitCodeNonzero'],
  // seed 002 (eflo): "node" sentences, including the typo "has node"
  ['the specified node does not exists', 'TargetNotExists'],
  ['the node has node when create task', 'TargetReleased'],
  ['the node is not running when create task', 'TargetNotRunning'],
  ['the aliyun service in the node is upgrading now', 'ClientIsUpgrading'],
  ['the aliyun service in the node need upgrade', 'ClientNeedUpgrade'],
  ['the specified node has been released', 'TargetReleased'],
  // ECS SDK 7.0.14: the capitalised set (the trailing period is dropped by sentenceKey). Six more of its
  // sentences are seed 003's with a capital and a period, the same key: listed once, above.
  ['The security group rules denied access to the aliyun service.', 'SecurityGroupRuleDenied'],
  ['The specified instance does not exist.', 'TargetNotExists'],
  ['The specified instance was released during task execution.', 'TargetReleased'],
  ['The specified instance was not running during task execution.', 'TargetNotRunning'],
  ['The OS type of the instance does not support the specified command type.', 'CommandNotApplicable'],
  ['The specified account does not exist.', 'AccountNotExists'],
  ['The specified directory does not exist.', 'DirectoryNotExists'],
  ['The cron expression is invalid.', 'BadCronExpression'],
  ['The aliyun service in the instance is upgrading during task execution.', 'ClientIsUpgrading'],
  // eflo SDK 3.x prose
  ['the specified node does not exist', 'TargetNotExists'],
  ['the instance was released during the command execution', 'TargetReleased'],
  ['Cloud Assistant Agent is not running', 'ClientNotRunning'],
  ['Cloud Assistant Agent is not responding', 'ClientNotResponse'],
  ['Cloud Assistant Agent is being upgraded', 'ClientIsUpgrading'],
  ['Cloud Assistant Agent needs to be upgraded', 'ClientNeedUpgrade'],
  ['The command failed to be sent due to a timeout', 'DeliveryTimeout'],
  ['The command execution timed out', 'ExecutionTimeout'],
  ['An exception occurred during the command execution', 'ExecutionException'],
  ['The command execution was interrupted', 'ExecutionInterrupted'],
  ['The command execution is complete, but the exit code is not 0', 'ExitCodeNonzero'],
  ['The instance was released while the file was being sent', 'TargetReleased'],
  // eflo SendFile docs (same field, reworded)
  ['the node has been released when creating task', 'TargetReleased'],
  ['the node is not running when creating task', 'TargetNotRunning'],
  ['the aliyun service in the instance does not respond', 'ClientNotResponse'],
  ['the aliyun service in the node needs upgrade', 'ClientNeedUpgrade'],
  ['the command delivery has timed out', 'DeliveryTimeout'],
  ['the command execution has timed out', 'ExecutionTimeout'],
  ['the specified instance has been released', 'TargetReleased'],
];

// Sentences that carry a variable tail ("... to at least version X to support the feature. ...").
const SENTENCE_PREFIXES: ReadonlyArray<readonly [string, TargetErrorCode]> = [
  ['the aliyun service in the instance need to be upgraded', 'ClientNeedUpgrade'],
];

function sentenceKey(text: string): string {
  // Stryker disable next-line MethodExpression: equivalent, keys and look-ups fold case the same way (upper or lower)
  return text
    .trim()
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .replace(/[\s.:;!]+$/, '');
}

const codeBySentence = new Map<string, TargetErrorCode>(SENTENCES.map(([sentence, code]) => [sentenceKey(sentence), code]));
const prefixes = SENTENCE_PREFIXES.map(([prefix, code]) => [sentenceKey(prefix), code] as const);

// "null"/"Null" is how eflo's and SWAS's documents spell "no error".
function isPlaceholder(text: string): boolean {
  return text === '' || text.toLowerCase() === 'null';
}

// A fast path only: without it the rest of mapTargetError also returns {} for these values.
// Stryker disable next-line ConditionalExpression,LogicalOperator,StringLiteral,ArrowFunction: equivalent, see above
const isNothing = (value: unknown): boolean => value === '' || value === undefined || value === null;

function rawText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  // Stryker disable next-line ConditionalExpression: equivalent, Number.isFinite is false for anything not a number
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

// A boolean ErrorCode, sent as a boolean (JSON) or as the text "true"/"false" in any case (XML).
function booleanText(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value !== 'string') return undefined;
  const text = value.trim().toLowerCase();
  return text === 'true' ? true : text === 'false' ? false : undefined;
}

function cleanCode(raw: string): string {
  // " NodeNotExists" and "NodeNotExists:" both appear in eflo's examples.
  // Stryker disable next-line MethodExpression: equivalent, either trim alone removes what both do (the pattern ends in \s)
  return raw.trim().replace(/[\s:;,.]+$/, '').trim();
}

/**
 * The canonical error code for an ErrorInfo sentence, tolerant of case, surrounding spaces and a
 * trailing period; `undefined` for a sentence no document lists.
 *
 * @example
 * targetErrorCodeFromInfo('the node has node when create task'); // 'TargetReleased'
 */
export function targetErrorCodeFromInfo(errorInfo: string): TargetErrorCode | undefined {
  const key = sentenceKey(errorInfo);
  // Stryker disable next-line ConditionalExpression,StringLiteral: equivalent, no sentence or prefix key is empty
  if (key === '') return undefined;
  const exact = codeBySentence.get(key);
  if (exact !== undefined) return exact;
  for (const [prefix, code] of prefixes) if (key.startsWith(prefix)) return code;
  return undefined;
}

/**
 * Maps one target's ErrorCode and ErrorInfo, as any of the three products sends them, onto the
 * canonical model: `InstanceNotExists` (ECS, SWAS) and `NodeNotExists` (eflo) both become
 * `TargetNotExists`; eflo's file-sending codes (`FileCreateFail`, ...) and codes no document
 * lists are kept, trimmed; when the code is empty the ErrorInfo sentence decides. `false` (also the
 * text `"false"`, as XML sends it), `null`, `""` and `"null"` mean "no error"; `true`/`"true"` says
 * "some error" and lets the sentence decide. The raw code and the sentence are kept as sent.
 *
 * @example
 * mapTargetError({ product: 'eflo', errorCode: 'NodeNotExists:', errorInfo: 'the specified node does not exists' });
 * // { errorCode: 'TargetNotExists', rawErrorCode: 'NodeNotExists:', errorInfo: 'the specified node does not exists' }
 */
export function mapTargetError(input: TargetErrorInput): MappedTargetError {
  // Most targets succeeded and say so with empty fields: nothing to map.
  // Stryker disable next-line ConditionalExpression: equivalent, the fast path (see isNothing)
  if (isNothing(input.errorCode) && isNothing(input.errorInfo)) return {};
  const result: MappedTargetError = {};
  const info = rawText(input.errorInfo);
  if (info !== undefined && !isPlaceholder(info.trim())) result.errorInfo = info;

  // eflo SDK 1.2.x typed ErrorCode as boolean: `true` says "some error" without naming it. XML renders
  // that boolean as the text "true"/"false", so the text means the same as the boolean.
  const flag = booleanText(input.errorCode);
  const raw = flag !== undefined ? (flag ? 'true' : undefined) : rawText(input.errorCode);
  const code = raw === undefined ? '' : cleanCode(raw);
  // code is '' whenever raw is undefined, and isPlaceholder('') is true: the first checks are a fast path.
  // Stryker disable next-line ConditionalExpression,StringLiteral: equivalent, see above
  const named = code !== '' && !isPlaceholder(code) && code.toLowerCase() !== 'true';
  // Stryker disable next-line ConditionalExpression,LogicalOperator,StringLiteral: equivalent, see above
  if (raw !== undefined && code !== '' && !isPlaceholder(code)) result.rawErrorCode = raw;

  if (named) {
    result.errorCode = canonicalByLowerCase.get(code.toLowerCase()) ?? code;
  } else if (result.errorInfo !== undefined) {
    const fromInfo = targetErrorCodeFromInfo(result.errorInfo);
    if (fromInfo !== undefined) result.errorCode = fromInfo;
  }
  return result;
}
