import { describe, expect, it } from 'vitest';
import { mapTargetError, TARGET_ERROR_CODES, targetErrorCodeFromInfo, type Product } from '@invocations/core';

// Every ErrorCode each product documents, and what it must become. Written from the seeds and
// products.md §5.7, not from the implementation's tables.
const ecsCodes: ReadonlyArray<readonly [string, string]> = [
  // seed 003
  ['InstanceNotExists', 'TargetNotExists'],
  ['InstanceReleased', 'TargetReleased'],
  ['InstanceNotRunning', 'TargetNotRunning'],
  ['CommandNotApplicable', 'CommandNotApplicable'],
  ['AccountNotExists', 'AccountNotExists'],
  ['DirectoryNotExists', 'DirectoryNotExists'],
  ['BadCronExpression', 'BadCronExpression'],
  ['ClientNotRunning', 'ClientNotRunning'],
  ['ClientNotResponse', 'ClientNotResponse'],
  ['ClientIsUpgrading', 'ClientIsUpgrading'],
  ['ClientNeedUpgrade', 'ClientNeedUpgrade'],
  ['DeliveryTimeout', 'DeliveryTimeout'],
  ['ExecutionTimeout', 'ExecutionTimeout'],
  ['ExecutionException', 'ExecutionException'],
  ['ExecutionInterrupted', 'ExecutionInterrupted'],
  ['ExitCodeNonzero', 'ExitCodeNonzero'],
  // ECS SDK 7.0.14 and 7.3.0
  ['SecurityGroupRuleDenied', 'SecurityGroupRuleDenied'],
  ['TaskConcurrencyLimit', 'TaskConcurrencyLimit'],
];
// SWAS documents the same 16 codes as seed 003 (SWAS SDK, DescribeInvocationResult and DescribeCommandInvocations).
const swasCodes = ecsCodes.slice(0, 16);
const efloCodes: ReadonlyArray<readonly [string, string]> = [
  ['NodeNotExists', 'TargetNotExists'],
  ['NodeReleased', 'TargetReleased'],
  ['NodeNotRunning', 'TargetNotRunning'],
  ['AccountNotExists', 'AccountNotExists'],
  ['ClientNotRunning', 'ClientNotRunning'],
  ['ClientNotResponse', 'ClientNotResponse'],
  ['ClientIsUpgrading', 'ClientIsUpgrading'],
  ['ClientNeedUpgrade', 'ClientNeedUpgrade'],
  ['DeliveryTimeout', 'DeliveryTimeout'],
  // the file-sending list stays raw (design decision: no canonical name for these)
  ['FileCreateFail', 'FileCreateFail'],
  ['FileAlreadyExists', 'FileAlreadyExists'],
  ['FileContentInvalid', 'FileContentInvalid'],
  ['FileNameInvalid', 'FileNameInvalid'],
  ['FilePathInvalid', 'FilePathInvalid'],
  ['FileAuthorityInvalid', 'FileAuthorityInvalid'],
  ['UserGroupNotExists', 'UserGroupNotExists'],
];

const codesByProduct: ReadonlyArray<readonly [Product, ReadonlyArray<readonly [string, string]>]> = [
  ['ecs', ecsCodes],
  ['swas', swasCodes],
  ['eflo', efloCodes],
];

// Every ErrorInfo sentence (products.md §5.8), verbatim with typos.
const ecsSentences: ReadonlyArray<readonly [string, string]> = [
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
];
const ecsCapitalisedSentences: ReadonlyArray<readonly [string, string]> = [
  ['The security group rules denied access to the aliyun service.', 'SecurityGroupRuleDenied'],
  ['The specified instance does not exist.', 'TargetNotExists'],
  ['The specified instance was released during task execution.', 'TargetReleased'],
  ['The specified instance was not running during task execution.', 'TargetNotRunning'],
  ['The OS type of the instance does not support the specified command type.', 'CommandNotApplicable'],
  ['The specified account does not exist.', 'AccountNotExists'],
  ['The specified directory does not exist.', 'DirectoryNotExists'],
  ['The cron expression is invalid.', 'BadCronExpression'],
  ['The aliyun service is not running on the instance.', 'ClientNotRunning'],
  ['The aliyun service in the instance does not response.', 'ClientNotResponse'],
  ['The aliyun service in the instance is upgrading during task execution.', 'ClientIsUpgrading'],
  [
    'The aliyun service in the instance need to be upgraded to at least version 2.2.0.106 to support the feature. Upgrade it first.',
    'ClientNeedUpgrade',
  ],
  ['The command delivery has been timeout.', 'DeliveryTimeout'],
  ['The command execution has been timeout.', 'ExecutionTimeout'],
  ['The command execution got an exception.', 'ExecutionException'],
  ['The command execution exit code is not zero.', 'ExitCodeNonzero'],
];
const efloSentences: ReadonlyArray<readonly [string, string]> = [
  // seed 002, typos kept
  ['the specified node does not exists', 'TargetNotExists'],
  ['the node has node when create task', 'TargetReleased'],
  ['the node is not running when create task', 'TargetNotRunning'],
  ['the command is not applicable', 'CommandNotApplicable'],
  ['the specified account does not exists', 'AccountNotExists'],
  ['the specified directory does not exists', 'DirectoryNotExists'],
  ['the cron job expression is invalid', 'BadCronExpression'],
  ['the aliyun service is not running on the instance', 'ClientNotRunning'],
  ['the aliyun service in the instance does not response', 'ClientNotResponse'],
  ['the aliyun service in the node is upgrading now', 'ClientIsUpgrading'],
  ['the aliyun service in the node need upgrade', 'ClientNeedUpgrade'],
  ['the command delivery has been timeout', 'DeliveryTimeout'],
  ['the command execution has been timeout', 'ExecutionTimeout'],
  ['the command execution got an exception', 'ExecutionException'],
  ['the command execution has been interrupted', 'ExecutionInterrupted'],
  ['the command execution exit code is not zero', 'ExitCodeNonzero'],
  ['the specified node has been released', 'TargetReleased'],
  // eflo SDK 3.x prose
  ['the specified node does not exist', 'TargetNotExists'],
  ['the instance was released during the command execution', 'TargetReleased'],
  ['the instance is not running when create task', 'TargetNotRunning'],
  ['the specified account does not exist', 'AccountNotExists'],
  ['the specified directory does not exist', 'DirectoryNotExists'],
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
  // eflo SendFile docs: the same field, reworded
  ['the node has been released when creating task', 'TargetReleased'],
  ['the node is not running when creating task', 'TargetNotRunning'],
  ['the aliyun service in the instance does not respond', 'ClientNotResponse'],
  ['the aliyun service in the node needs upgrade', 'ClientNeedUpgrade'],
  ['the command delivery has timed out', 'DeliveryTimeout'],
  ['the command execution has timed out', 'ExecutionTimeout'],
  ['the specified instance has been released', 'TargetReleased'],
];

const sentencesByProduct: ReadonlyArray<readonly [Product, ReadonlyArray<readonly [string, string]>]> = [
  ['ecs', [...ecsSentences, ...ecsCapitalisedSentences]],
  ['swas', ecsSentences],
  ['eflo', efloSentences],
];

describe('TARGET_ERROR_CODES', () => {
  it('lists the 16 names of seed 003 with the target for "Instance", plus the two newer ECS codes', () => {
    expect(TARGET_ERROR_CODES).toHaveLength(18);
    expect(new Set(TARGET_ERROR_CODES).size).toBe(18);
    for (const [, canonical] of ecsCodes) expect(TARGET_ERROR_CODES).toContain(canonical);
  });
});

describe('mapTargetError: ErrorCode', () => {
  for (const [product, codes] of codesByProduct) {
    describe(product, () => {
      it.each(codes)('maps %s to %s and keeps the raw code', (raw, canonical) => {
        expect(mapTargetError({ product, errorCode: raw })).toStrictEqual({ errorCode: canonical, rawErrorCode: raw });
      });
      it.each(codes)('maps %s with stray spaces and a trailing colon', (raw, canonical) => {
        for (const sent of [` ${raw}`, `${raw}:`, ` ${raw} : `, `\t${raw}\n`]) {
          expect(mapTargetError({ product, errorCode: sent })).toStrictEqual({ errorCode: canonical, rawErrorCode: sent });
        }
      });
    });
  }

  it('reads eflo example values (seed 000 " NodeNotExists", seed 002 "NodeNotExists:")', () => {
    expect(mapTargetError({ product: 'eflo', errorCode: ' NodeNotExists', errorInfo: 'the specified node does not exists' })).toStrictEqual({
      errorCode: 'TargetNotExists',
      rawErrorCode: ' NodeNotExists',
      errorInfo: 'the specified node does not exists',
    });
    expect(mapTargetError({ product: 'eflo', errorCode: 'NodeNotExists:' }).errorCode).toBe('TargetNotExists');
  });

  it('matches codes case-insensitively', () => {
    expect(mapTargetError({ product: 'ecs', errorCode: 'instancenotexists' }).errorCode).toBe('TargetNotExists');
    expect(mapTargetError({ product: 'ecs', errorCode: 'EXITCODENONZERO' }).errorCode).toBe('ExitCodeNonzero');
  });

  it('accepts the canonical names themselves', () => {
    for (const code of TARGET_ERROR_CODES) expect(mapTargetError({ product: 'ecs', errorCode: code }).errorCode).toBe(code);
  });

  it('keeps an unknown code trimmed, with the raw value beside it', () => {
    expect(mapTargetError({ product: 'ecs', errorCode: ' BrandNewCode: ' })).toStrictEqual({
      errorCode: 'BrandNewCode',
      rawErrorCode: ' BrandNewCode: ',
    });
  });

  it('prefers a non-empty code over the sentence', () => {
    expect(mapTargetError({ product: 'ecs', errorCode: 'ExecutionTimeout', errorInfo: 'the command execution got an exception' })).toStrictEqual({
      errorCode: 'ExecutionTimeout',
      rawErrorCode: 'ExecutionTimeout',
      errorInfo: 'the command execution got an exception',
    });
  });

  it.each([
    ['undefined', undefined],
    ['null', null],
    ['""', ''],
    ['"   "', '   '],
    ['"null"', 'null'],
    ['"Null"', 'Null'],
    ['"NULL:"', 'NULL:'],
    ['":"', ':'],
    ['false (old eflo SDK)', false],
  ])('reads ErrorCode %s as "no error"', (_label, errorCode) => {
    expect(mapTargetError({ product: 'eflo', errorCode })).toStrictEqual({});
  });

  it('reads ErrorCode true (old eflo SDK) as an unnamed error: the sentence names it', () => {
    expect(mapTargetError({ product: 'eflo', errorCode: true })).toStrictEqual({ rawErrorCode: 'true' });
    expect(mapTargetError({ product: 'eflo', errorCode: true, errorInfo: 'the node is not running when create task' })).toStrictEqual({
      errorCode: 'TargetNotRunning',
      rawErrorCode: 'true',
      errorInfo: 'the node is not running when create task',
    });
  });

  it.each([['"false"', 'false'], ['" FALSE "', ' FALSE '], ['"False"', 'False']])('reads ErrorCode %s (the boolean as XML text) as "no error"', (_label, errorCode) => {
    expect(mapTargetError({ product: 'eflo', errorCode })).toStrictEqual({});
  });

  it('reads ErrorCode "true" (the boolean as XML text) like true: the sentence names the error', () => {
    for (const errorCode of ['true', 'True', ' TRUE ']) {
      expect(mapTargetError({ product: 'eflo', errorCode })).toStrictEqual({ rawErrorCode: 'true' });
      expect(mapTargetError({ product: 'eflo', errorCode, errorInfo: 'the node is not running when create task' })).toStrictEqual({
        errorCode: 'TargetNotRunning',
        rawErrorCode: 'true',
        errorInfo: 'the node is not running when create task',
      });
    }
  });

  it('keeps inner punctuation of a code, trimming only the end', () => {
    expect(mapTargetError({ product: 'ecs', errorCode: 'Foo.Bar' })).toStrictEqual({ errorCode: 'Foo.Bar', rawErrorCode: 'Foo.Bar' });
    expect(mapTargetError({ product: 'ecs', errorCode: ' Foo.Bar:Baz, ' })).toStrictEqual({ errorCode: 'Foo.Bar:Baz', rawErrorCode: ' Foo.Bar:Baz, ' });
    expect(mapTargetError({ product: 'eflo', errorCode: 'Node.NotExists;' })).toStrictEqual({ errorCode: 'Node.NotExists', rawErrorCode: 'Node.NotExists;' });
    // each trailing mark on its own, and a run of them
    for (const tail of [' ', ':', ';', ',', '.', ' :;,. ']) {
      expect(mapTargetError({ product: 'ecs', errorCode: `InstanceReleased${tail}` }).errorCode).toBe('TargetReleased');
    }
  });

  it('does not read a code that merely contains "true" or "null" as a placeholder', () => {
    expect(mapTargetError({ product: 'eflo', errorCode: 'nullable' })).toStrictEqual({ errorCode: 'nullable', rawErrorCode: 'nullable' });
    expect(mapTargetError({ product: 'eflo', errorCode: 'TrueError' })).toStrictEqual({ errorCode: 'TrueError', rawErrorCode: 'TrueError' });
  });

  it('ignores an ErrorCode that is neither text, number nor boolean, and reads the sentence', () => {
    expect(mapTargetError({ product: 'ecs', errorCode: { code: 'X' }, errorInfo: 'the command is not applicable' })).toStrictEqual({
      errorCode: 'CommandNotApplicable',
      errorInfo: 'the command is not applicable',
    });
    expect(mapTargetError({ product: 'ecs', errorCode: Number.NaN })).toStrictEqual({});
    expect(mapTargetError({ product: 'ecs', errorCode: Number.POSITIVE_INFINITY, errorInfo: 'x' })).toStrictEqual({ errorInfo: 'x' });
  });

  it('keeps a numeric code as text', () => {
    expect(mapTargetError({ product: 'ecs', errorCode: 42 })).toStrictEqual({ errorCode: '42', rawErrorCode: '42' });
  });
});

describe('mapTargetError: ErrorInfo when the code is empty', () => {
  for (const [product, sentences] of sentencesByProduct) {
    describe(product, () => {
      it.each(sentences)('maps "%s" to %s', (sentence, canonical) => {
        for (const errorCode of ['', null, undefined, 'Null']) {
          expect(mapTargetError({ product, errorCode, errorInfo: sentence })).toStrictEqual({ errorCode: canonical, errorInfo: sentence });
        }
      });
      it.each(sentences)('matches "%s" tolerantly (case, spaces, trailing period)', (sentence, canonical) => {
        for (const variant of [
          sentence.toUpperCase(),
          `  ${sentence}  `,
          `${sentence.replace(/\.$/, '')}.`,
          sentence.replace(/\.$/, ''),
          sentence.replace(/ /g, '  '),
        ]) {
          expect(mapTargetError({ product, errorCode: '', errorInfo: variant }).errorCode).toBe(canonical);
          expect(targetErrorCodeFromInfo(variant)).toBe(canonical);
        }
      });
    });
  }

  it('keeps a sentence no document lists, without inventing a code', () => {
    expect(mapTargetError({ product: 'ecs', errorCode: '', errorInfo: 'something new went wrong' })).toStrictEqual({
      errorInfo: 'something new went wrong',
    });
    expect(targetErrorCodeFromInfo('the specified instance')).toBeUndefined();
  });

  it.each([
    ['""', ''],
    ['"Null"', 'Null'],
    ['"null"', 'null'],
    ['" "', ' '],
    ['null', null],
  ])('drops ErrorInfo %s', (_label, errorInfo) => {
    expect(mapTargetError({ product: 'eflo', errorCode: '', errorInfo })).toStrictEqual({});
  });

  it('reads an ErrorInfo that is not text as absent', () => {
    expect(mapTargetError({ product: 'ecs', errorCode: 'InstanceReleased', errorInfo: 17 })).toStrictEqual({
      errorCode: 'TargetReleased',
      rawErrorCode: 'InstanceReleased',
      errorInfo: '17',
    });
    expect(mapTargetError({ product: 'ecs', errorCode: '', errorInfo: { text: 'the command is not applicable' } })).toStrictEqual({});
  });

  it('matches a sentence only whole, and the prefix sentence only at the start', () => {
    expect(targetErrorCodeFromInfo('the command is not applicable here')).toBeUndefined();
    expect(targetErrorCodeFromInfo('note: the command is not applicable')).toBeUndefined();
    expect(targetErrorCodeFromInfo('see: The aliyun service in the instance need to be upgraded')).toBeUndefined();
    expect(targetErrorCodeFromInfo('The aliyun service in the instance need to be upgraded')).toBe('ClientNeedUpgrade');
    expect(targetErrorCodeFromInfo(' .;: ')).toBeUndefined();
    expect(targetErrorCodeFromInfo('the command is not applicable!;:')).toBe('CommandNotApplicable');
    expect(targetErrorCodeFromInfo('the command is not applicable.\n')).toBe('CommandNotApplicable');
    // spaces are collapsed, not removed: words run together are not the sentence
    expect(targetErrorCodeFromInfo('the command\t\n is  not applicable')).toBe('CommandNotApplicable');
    expect(targetErrorCodeFromInfo('thecommandisnotapplicable')).toBeUndefined();
    expect(targetErrorCodeFromInfo('the command isnot applicable')).toBeUndefined();
  });

  it('keeps ErrorInfo exactly as sent (no trimming of meaningful text)', () => {
    expect(mapTargetError({ product: 'ecs', errorInfo: ' the command execution has been timeout\n' }).errorInfo).toBe(
      ' the command execution has been timeout\n',
    );
  });

  it('reads the ECS seed example: empty code and info mean no error', () => {
    expect(mapTargetError({ product: 'ecs', errorCode: '', errorInfo: '' })).toStrictEqual({});
  });
});
