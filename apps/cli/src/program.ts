import { Command, Option } from 'commander';
import packageJson from '../package.json' with { type: 'json' };
import { runEmulator } from './commands/emulator.js';
import { runGet } from './commands/get.js';
import { registerHistoryCommands } from './commands/history.js';
import { DEFAULT_PRODUCTS, runList } from './commands/list.js';
import { runWatch } from './commands/watch.js';
import type { CommandContext } from './commands/context.js';
import type { CliIo } from './io.js';
import {
  OUTPUT_FORMATS,
  parseDuration,
  parseIdList,
  parseNonNegativeInteger,
  parsePositiveInteger,
  parseProduct,
  parseProducts,
  parseRegions,
  parseSince,
  parseStatuses,
  type GlobalOptions,
} from './options.js';

const EXIT_CODES_HELP = `
Exit codes:
  0    success (watch: the invocation ended Success)
  1    watch: the invocation ended Failed or PartialFailed
  2    usage or configuration error: a bad flag, no credentials, no region,
       or a query a product cannot serve
  3    watch: the invocation was Stopped
  4    watch: --timeout was reached first
  5    API error (the line carries the request id) or the service could not be reached
  130  interrupted (Ctrl-C)`;

const ROOT_HELP = `
Examples:
  $ invocations list --emulator                    try it against the built-in emulator
  $ invocations list --region cn-hangzhou --status failed,partialfailed --since 1d
  $ invocations get t-hz0jdfwd9f8example --product ecs --output-text
  $ invocations watch t-hz0jdfwd9f8example --product ecs --timeout 10m
  $ invocations emulator                           run the emulator in the foreground

Credentials are read as the aliyun tools read them: ALIBABA_CLOUD_ACCESS_KEY_ID,
ALIBABA_CLOUD_ACCESS_KEY_SECRET (and ALIBABA_CLOUD_SECURITY_TOKEN), else the profile
in ~/.aliyun/config.json (--profile, ALIBABA_CLOUD_PROFILE or its current profile).
The region defaults to the profile's region_id, else ALIBABA_CLOUD_REGION_ID.
Colour is used only on a terminal and never when NO_COLOR is set.
${EXIT_CODES_HELP}`;

const LIST_HELP = `
Examples:
  $ invocations list --emulator
  $ invocations list --region cn-hangzhou,cn-shanghai --product ecs
  $ invocations list --region cn-hangzhou --status running --instance i-bp1example
  $ invocations list --since 2h --name install --limit 20 --output ndjson
  $ invocations list --product eflo --region cn-hangzhou --invoke-id t-abc,t-def

--status filters on the overall status (Success, Failed, PartialFailed, Running,
Pending, Scheduled, Stopping, Stopped; any case), --name on part of the command
name, --command-id and --since on the listed records: these run on this machine.
eflo's API cannot list: eflo rows need --invoke-id; without it eflo is skipped with
one line on stderr. A source that fails prints one line on stderr; the others'
rows are still printed and the exit code says it failed (2 usage, 5 API).`;

const GET_HELP = `
Examples:
  $ invocations get t-hz0jdfwd9f8example --product ecs --region cn-hangzhou
  $ invocations get t-hz0jdfwd9f8example --output-text
  $ invocations get t-hz0jdfwd9f8example --product eflo --output json

With several regions (--region a,b, or the emulator's two) each is asked in turn.
Outputs the service cut beyond 24 KB say how many bytes were dropped.`;

const WATCH_HELP = `
Examples:
  $ invocations watch t-hz0jdfwd9f8example --product ecs --region cn-hangzhou
  $ invocations watch t-hz0jdfwd9f8example --timeout 5m || echo "not Success: $?"
  $ invocations watch t-hz0jdfwd9f8example --output ndjson   one JSON object per change

On a terminal the view is redrawn in place; otherwise one line is printed per change.
At the end the failed targets are named with their exit and error codes.
Exit codes: 0 Success, 1 Failed or PartialFailed, 3 Stopped, 4 timeout, 130 Ctrl-C.`;

const EMULATOR_HELP = `
Examples:
  $ invocations emulator
  $ invocations emulator --port 8790 --seed 7

Prints the URL and the access key, and how to point the CLI at it. Runs until
Ctrl-C or SIGTERM. The same data is seeded for the same --seed.`;

/** Hooks `createProgram` calls back into: the context of each command and where its exit code goes. */
export interface ProgramHooks {
  io: CliIo;
  now: () => number;
  setExitCode(code: number): void;
}

/**
 * The commander program of `invocations`: global options, the four commands, their help with
 * examples. Commander never exits the process (`exitOverride`) and writes through `io`.
 */
export function createProgram(hooks: ProgramHooks): Command {
  const { io } = hooks;
  const program = new Command('invocations');
  program
    .description('List, inspect and watch Cloud Assistant invocations across ECS, SWAS and Lingjun (eflo).')
    .version(packageJson.version, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .addOption(new Option('-o, --output <format>', 'output format').choices(OUTPUT_FORMATS).default('table'))
    .option('--profile <name>', 'profile of ~/.aliyun/config.json to read credentials and region from')
    .option('--endpoint <url>', "send every request here ('host[:port]' or 'http(s)://host[:port]')")
    .addOption(new Option('--format <format>', 'wire format asked of the API').choices(['json', 'xml']))
    .option('--debug', 'print requests and responses (secrets removed) and stack traces to stderr')
    .option('--emulator', 'start the built-in emulator with seeded data and use it')
    .option('--seed <n>', 'seed of the emulator data (default 1)', parseNonNegativeInteger)
    .addHelpText('after', ROOT_HELP)
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      // Commander's errors become one line, with where to read more.
      outputError: (text, write) => write(`${text.replace(/\s*\n\s*/g, ' ').trim()} (see --help)\n`),
    });

  const context = (command: Command): CommandContext => ({
    io,
    now: hooks.now,
    globals: command.optsWithGlobals<GlobalOptions>(),
  });

  program
    .command('list')
    .description('list invocations across products and regions in one table')
    .option('--product <products>', 'ecs, swas, eflo; comma-separated or repeated (default: all three)', parseProducts)
    .option('--region <regions>', 'region ids; comma-separated or repeated', parseRegions)
    .option('--status <statuses>', 'only these overall statuses; comma-separated, any case', parseStatuses)
    .option('--instance <id>', 'only invocations on this instance (ECS, SWAS)')
    .option('--node <id>', 'only invocations on this node (eflo)')
    .option('--command-id <id>', 'only invocations of this command id')
    .option('--name <text>', 'only invocations whose command name contains this text (any case)')
    .option('--limit <n>', 'at most this many invocations', parsePositiveInteger)
    .option('--since <when>', 'only invocations created since a duration ago (2h, 3d) or an ISO time', parseSince)
    .option('--invoke-id <ids>', 'only these invocations; comma-separated or repeated (needed for eflo)', parseIdList)
    .addHelpText('after', LIST_HELP)
    .action(async (options, command: Command) => {
      hooks.setExitCode(await runList({ ...options, product: options.product ?? DEFAULT_PRODUCTS }, context(command)));
    });

  program
    .command('get')
    .description('show one invocation: each target with status, exit code, error and output')
    .argument('<invokeId>', 'the invocation id, e.g. t-hz0jdfwd9f8example')
    .option('--product <product>', 'ecs, swas or eflo', parseProduct, 'ecs')
    .option('--region <regions>', 'region id (several are asked in turn)', parseRegions)
    .option('--output-text', "also fetch and print each target's decoded output")
    .addHelpText('after', GET_HELP)
    .action(async (invokeId: string, options, command: Command) => {
      hooks.setExitCode(await runGet(invokeId, options, context(command)));
    });

  program
    .command('watch')
    .description('follow one invocation live until it finishes; the exit code says how it ended')
    .argument('<invokeId>', 'the invocation id')
    .option('--product <product>', 'ecs, swas or eflo', parseProduct, 'ecs')
    .option('--region <regions>', 'region id (several are asked in turn)', parseRegions)
    .option('--timeout <duration>', 'give up after this long (exit code 4), e.g. 90s, 10m (default 30m)', parseDuration)
    .option('--interval <duration>', 'shortest pause between two polls (default 500ms)', parseDuration)
    .addHelpText('after', WATCH_HELP)
    .action(async (invokeId: string, options, command: Command) => {
      hooks.setExitCode(await runWatch(invokeId, options, context(command)));
    });

  program
    .command('emulator')
    .description('run the emulator in the foreground and print how to point the CLI at it')
    .option('--port <n>', 'port to listen on (0 picks a free one)', parseNonNegativeInteger, 0)
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .addHelpText('after', EMULATOR_HELP)
    .action(async (options, command: Command) => {
      hooks.setExitCode(await runEmulator(options, context(command)));
    });

  registerHistoryCommands(program, { context, setExitCode: hooks.setExitCode });

  return program;
}
