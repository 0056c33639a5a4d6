import { parseArgs } from 'node:util';
import { openArchive, type Archive } from '@invocations/archive';
import { PRODUCTS, type InvocationSource, type Product } from '@invocations/core';
import { createEcsSource } from '@invocations/ecs';
import { createEfloSource } from '@invocations/eflo';
import { resolveCredentialsProvider } from '@invocations/openapi';
import { createSwasSource } from '@invocations/swas';
import { isLoopbackHost, startConsole } from './start.js';

const HELP = `invocations-console: a web console for Cloud Assistant invocations across ECS, SWAS and eflo

Usage:
  invocations-console --region cn-hangzhou[,cn-shanghai] [--product ecs,swas,eflo]
                      [--endpoint URL] [--archive URL] [--port N] [--host 127.0.0.1] [--allow-run]

Credentials are read as the aliyun tools read them (ALIBABA_CLOUD_ACCESS_KEY_ID and
ALIBABA_CLOUD_ACCESS_KEY_SECRET, else ~/.aliyun/config.json); they stay in this process
and never reach the page. The region defaults to ALIBABA_CLOUD_REGION_ID.
--allow-run lets the page run commands and stop invocations (each run is reviewed first).
To try it without an account: invocations console --emulator (the @invocations/cli package).
`;

function fail(message: string): never {
  process.stderr.write(`invocations-console: ${message}\n`);
  process.exit(2);
}

function list(value: string | undefined): string[] {
  return (value ?? '').split(',').map((part) => part.trim()).filter((part) => part !== '');
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        region: { type: 'string' },
        product: { type: 'string' },
        endpoint: { type: 'string' },
        archive: { type: 'string' },
        port: { type: 'string', default: '0' },
        host: { type: 'string', default: '127.0.0.1' },
        'allow-run': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (error) {
    fail(`${error instanceof Error ? error.message : String(error)} (see --help)`);
  }
  if (values.help) {
    process.stdout.write(HELP);
    return;
  }
  const port = Number(values.port);
  if (!/^\d{1,5}$/.test(values.port) || port > 65_535) fail(`--port ${values.port}: must be a whole number from 0 to 65535`);
  const regions = list(values.region ?? process.env.ALIBABA_CLOUD_REGION_ID);
  if (regions.length === 0) fail('no region: pass --region (e.g. --region cn-hangzhou) or set ALIBABA_CLOUD_REGION_ID');
  const products = values.product ? list(values.product) : [...PRODUCTS];
  for (const product of products) if (!(PRODUCTS as readonly string[]).includes(product)) fail(`--product ${product}: must be one of ${PRODUCTS.join(', ')}`);

  const credentials = await resolveCredentialsProvider({});
  await credentials();
  const create = { ecs: createEcsSource, swas: createSwasSource, eflo: createEfloSource } satisfies Record<Product, unknown>;
  const sources: InvocationSource[] = [];
  for (const product of products as Product[]) {
    for (const region of regions) sources.push(create[product]({ region, credentials, ...(values.endpoint ? { endpoint: values.endpoint } : {}) }));
  }
  let archive: Archive | undefined;
  if (values.archive) archive = await openArchive({ url: values.archive });
  const running = await startConsole({
    sources,
    ...(archive ? { archive } : {}),
    allowRun: values['allow-run'] === true,
    notes: products.includes('eflo') ? ["eflo's API cannot list invocations: open an eflo invocation by its id."] : [],
    port,
    host: values.host,
  });
  if (!isLoopbackHost(values.host)) {
    process.stderr.write(`warning: --host ${values.host} is reachable beyond this machine: anyone who can reach it reads your invocations with your credentials\n`);
  }
  process.stdout.write(`invocations console at ${running.url}\npress Ctrl-C to stop\n`);
  const stop = async (): Promise<void> => {
    await running.close();
    await archive?.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

main().catch((error: unknown) => {
  process.stderr.write(`invocations-console: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
