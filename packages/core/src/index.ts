export {
  PRODUCTS,
  productSchema,
  TARGET_STATUSES,
  targetStatusSchema,
  normalizeTargetStatus,
  INVOCATION_STATUSES,
  invocationStatusSchema,
  normalizeInvocationStatus,
  INVOKE_STATUSES,
  invokeStatusSchema,
  normalizeInvokeStatus,
  REPEAT_MODES,
  normalizeRepeatMode,
  TARGET_KINDS,
  invocationTargetSchema,
  invocationSchema,
} from './model.js';
export type {
  Product,
  KnownTargetStatus,
  TargetStatus,
  KnownInvocationStatus,
  InvocationStatus,
  KnownInvokeStatus,
  InvokeStatus,
  RepeatMode,
  TargetKind,
  InvocationTarget,
  Invocation,
} from './model.js';
export { createEnumNormalizer } from './enum.js';
export {
  ACTIVE_TARGET_STATUSES,
  FAILED_TARGET_STATUSES,
  STOPPED_TARGET_STATUSES,
  isFailedTargetStatus,
  isStoppedTargetStatus,
  isTerminalTargetStatus,
  isActiveTargetStatus,
  aggregateStatus,
  isTerminal,
  deriveInvokeStatus,
} from './status.js';
export {
  InvocationsError,
  InvalidQueryError,
  ApiError,
  DecodeError,
  NotFoundError,
  TimeoutError,
  AbortedError,
  ConfigurationError,
  ResponseTooLargeError,
} from './errors.js';
export { registerSecrets, redactSecrets, replaceForms, secretForms, MIN_SECRET_LENGTH } from './secrets.js';
export type { InvocationsErrorOptions, QueryIssue, ApiErrorDetails } from './errors.js';
export { isRetryableAnswer, isThrottlingAnswer } from './retry-rule.js';
export { untilAborted, linkSignal } from './abort.js';
export type { LinkedSignal } from './abort.js';
export type { ServiceAnswer } from './retry-rule.js';
export { ListingError, IncompleteListingError, PageLimitError, ListingLoopError } from './listing-errors.js';
export type { ListingErrorDetails } from './listing-errors.js';
export { englishErrors, parseInput, parseOptions, toQueryIssues } from './validate.js';
export { invocationQuerySchema, tagFilterSchema } from './query.js';
export type { InvocationQuery } from './query.js';
export type {
  InvocationSource,
  ListOptions,
  GetOptions,
  RunOptions,
  StopOptions,
  RunResult,
  StartedInvocation,
  RejectedTarget,
  RunnableSource,
  StoppableSource,
} from './source.js';
export { canRun, canStop } from './source.js';
export {
  COMMAND_TYPES,
  WIRE_COMMAND_TYPES,
  RUN_TIMEOUT_SECONDS,
  runRequestSchema,
  parametersEnabled,
  newClientToken,
  utf8Length,
  base64Length,
  encodeBase64Text,
  placeholderNames,
  commandBase64Bytes,
  runLimitIssues,
  checkRunRequest,
} from './run-request.js';
export type { CommandType, RunRequest, RunRequestInput, RunLimits } from './run-request.js';
export { runAndWait } from './run-and-wait.js';
export type { RunAndWaitResult } from './run-and-wait.js';
export { TARGET_ERROR_CODES, mapTargetError, targetErrorCodeFromInfo } from './error-codes.js';
export type { TargetErrorCode, TargetErrorInput, MappedTargetError } from './error-codes.js';
export { listInvocations } from './list-invocations.js';
export { createdTimeOf, defaultListOrder } from './list-order.js';
export type { ListOrder } from './list-order.js';
export type { ListInvocationsOptions, InvocationStream, SourceFailure } from './list-invocations.js';
export { waitForInvocation } from './wait-for-invocation.js';
export type { WaitForInvocationOptions, WaitResult, WaitState } from './wait-for-invocation.js';
export { summarizeInvocation, formatTargetCounts } from './summarize.js';
export type { InvocationSummary, TargetSummary } from './summarize.js';
