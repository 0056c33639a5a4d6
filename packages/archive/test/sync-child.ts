// A sync in a process of its own, for the crash test: it prints "committed N" after each batch so
// the parent can SIGKILL it while the next batch is in flight.
// Usage: node --conditions=@invocations/source --import tsx test/sync-child.ts ARCHIVE_URL EMULATOR_URL
// (the emulator's access key comes in the environment: EMULATOR_ACCESS_KEY_ID / _SECRET).
import { createEcsSource } from '@invocations/ecs';
import { createSwasSource } from '@invocations/swas';
import { openArchive } from '../src/index.js';

const [archiveUrl, endpoint] = process.argv.slice(2);
if (!archiveUrl || !endpoint) throw new Error('usage: sync-child.ts ARCHIVE_URL EMULATOR_URL');
const credentials = { accessKeyId: process.env.EMULATOR_ACCESS_KEY_ID ?? '', accessKeySecret: process.env.EMULATOR_ACCESS_KEY_SECRET ?? '' };
const archive = await openArchive({ url: archiveUrl });
process.stdout.write('opened\n');
const common = { region: 'cn-hangzhou', endpoint, credentials, retry: false as const, pageSize: 10 };
await archive.sync([createEcsSource(common), createSwasSource(common)], {
  batchSize: 10,
  onProgress: (progress) => process.stdout.write(`committed ${progress.written}\n`),
});
process.stdout.write('done\n');
await archive.close();
