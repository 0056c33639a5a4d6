import type { TargetErrorCode } from '@invocations/core';

/**
 * What each canonical target error code means, in one plain sentence: the ECS document's wording
 * (seed 003, ECS SDK 7.0.14) with "instance" read as the target, as core's `mapTargetError` reads it.
 * Typed against core's list, so a code added there fails the build here until it has a meaning.
 */
export const TARGET_ERROR_MEANINGS: Readonly<Record<TargetErrorCode, string>> = {
  TargetNotExists: 'The specified instance or node does not exist.',
  TargetReleased: 'The instance or node was released while the task ran.',
  TargetNotRunning: 'The instance or node was not running when the task was created.',
  CommandNotApplicable: "The command type does not apply to the target's operating system.",
  AccountNotExists: 'The account the command was to run as does not exist.',
  DirectoryNotExists: 'The working directory does not exist.',
  BadCronExpression: 'The schedule (cron expression) is invalid.',
  ClientNotRunning: 'The Cloud Assistant agent is not running on the target.',
  ClientNotResponse: 'The Cloud Assistant agent on the target does not respond.',
  ClientIsUpgrading: 'The Cloud Assistant agent on the target was being upgraded.',
  ClientNeedUpgrade: 'The Cloud Assistant agent on the target needs an upgrade.',
  DeliveryTimeout: 'The command could not be delivered in time.',
  ExecutionTimeout: 'The command ran longer than its timeout.',
  ExecutionException: 'The command execution got an exception.',
  ExecutionInterrupted: 'The command execution was interrupted.',
  ExitCodeNonzero: 'The command ended with a non-zero exit code.',
  SecurityGroupRuleDenied: 'Security group rules denied access to the Cloud Assistant service.',
  TaskConcurrencyLimit: 'Too many tasks were running on the target at once.',
};

/** The meaning of each canonical error code among the targets (codes without a canonical name are left out). */
export function errorMeaningsOf(codes: Iterable<string | undefined>): Record<string, string> {
  const meanings: Record<string, string> = {};
  for (const code of codes) {
    if (code !== undefined && Object.hasOwn(TARGET_ERROR_MEANINGS, code)) meanings[code] = TARGET_ERROR_MEANINGS[code as TargetErrorCode];
  }
  return meanings;
}
