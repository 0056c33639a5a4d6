// The main job until the CLI lands: shows core's status rules on a few target mixes.
import { aggregateStatus, deriveInvokeStatus } from '../packages/core/dist/index.js';

const mixes = [
  ['Success', 'Success'],
  ['Success', 'Failed', 'Timeout'],
  ['Success', 'Cancelled'],
  ['Cancelled', 'Terminated'],
  ['Running', 'Pending'],
  ['Failed', 'Terminated'],
];
for (const targets of mixes) {
  const status = aggregateStatus(targets);
  console.log(`${targets.join(' + ').padEnd(32)} -> ${status.padEnd(14)} (legacy ${deriveInvokeStatus(status)})`);
}
