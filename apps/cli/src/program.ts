import { COMMAND_TYPES, type Product } from '@invocations/core';
import { Command, Help, Option } from 'commander';
import packageJson from '../package.json' with { type: 'json' };
import { runConsole } from './commands/console.js';
import { runEmulator } from './commands/emulator.js';
import { runGet } from './commands/get.js';
import { registerHistoryCommands } from './commands/history.js';
import { DEFAULT_PRODUCTS, runList } from './commands/list.js';
import { runWatch } from './commands/watch.js';
import { CONFIRM_ABOVE_TARGETS, runRun, runStop } from './commands/run-command.js';
import type { CommandContext } from './commands/context.js';
import type { CliIo } from './io.js';
import { UsageError } from './errors.js';
import { addSharedOptions } from './shared-options.js';
import {
  OUTPUT_FORMATS,
  WIRE_FORMATS,
  parseDuration,
  parseEndpoint,
  parseIdList,
  parseOutputFormat,
  parseProduct,
  parseProfile,
  parseRegions,
  parseSeed,
  parseWireFormat,
  type GlobalOptions,
} from './options.js';

const EXIT_CODES_HELP = `
Exit codes:
  0    success (watch, run: the invocation ended Success)
  1    watch, run: the invocation ended Failed or PartialFailed (command timeouts
       included)
  2    usage or configuration error: a bad flag or value, a flag that does not
       apply, no credentials, no region, a query a product cannot serve, or
       (emulator) a port already in use
  3    watch, run: the invocation was Stopped
  4    watch: --timeout was reached first; run: --wait-timeout
  5    API error (the line carries the request id) or the service could not be reached
  130  interrupted (Ctrl-C)`;

const ROOT_HELP = `
Examples:
  $ invocations list --emulator                    try it against the built-in emulator
  $ invocations list --region cn-hangzhou --status failed,partialfailed --since 1d
  $ invocations get t-hz0jdfwd9f8example --product ecs --output-text
  $ invocations watch t-hz0jdfwd9f8example --product ecs --timeout 10m
  $ invocations run --product ecs --region cn-hangzhou --target i-bp1example -- uptime
  $ invocations stop t-hz0jdfwd9f8example --product ecs --region cn-hangzhou
  $ invocations emulator                           run the emulator in the foreground
  $ invocations console --emulator                 the web console, against the emulator

Credentials are read as the aliyun tools read them: ALIBABA_CLOUD_ACCESS_KEY_ID,
ALIBABA_CLOUD_ACCESS_KEY_SECRET (and ALIBABA_CLOUD_SECURITY_TOKEN), else the profile
in ~/.aliyun/config.json (--profile, ALIBABA_CLOUD_PROFILE or its current profile).
The region defaults to the profile's region_id, else ALIBABA_CLOUD_REGION_ID.
The endpoint is --endpoint, else --emulator's, else INVOCATIONS_ENDPOINT (which the
emulators' banners export). eflo takes its region from the host name
(eflo-controller.<region>.aliyuncs.com): with a custom endpoint eflo is asked once, as
the region the host names; 127.0.0.1 and localhost are the emulators' cn-hangzhou;
another host is the first --region.
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
name. ECS filters --status and --command-id itself; --name, --since and what a
product cannot filter run on this machine. Rows come newest first across all
sources, so --limit N gives the N newest.
--instance applies to ECS and SWAS, --node to eflo, --command-id to ECS: with
--product they must fit every product named; without it they narrow the products.
eflo's API cannot list: eflo rows need --invoke-id; without it eflo is skipped with
one line on stderr. A source that fails prints one line on stderr; the others'
rows are still printed and the exit code says it failed (2 usage, 5 API).`;

const GET_HELP = `
Examples:
  $ invocations get t-hz0jdfwd9f8example --product ecs --region cn-hangzhou
  $ invocations get t-hz0jdfwd9f8example --output-text
  $ invocations get t-hz0jdfwd9f8example --product eflo --output json
  $ invocations get t-hz0jdfwd9f8example --product eflo --keep   also keep it in the archive

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

const RUN_HELP = `
Examples:
  $ invocations run --product ecs --region cn-hangzhou --target i-bp1a,i-bp1b -- df -h /
  $ invocations run --product eflo --region cn-wulanchabu --target e-01,e-02 --file check.sh --timeout 10m --keep
  $ invocations run --product swas --region cn-hangzhou --target 2ad1ae67 --no-wait -o json -- systemctl restart nginx
  $ invocations run --emulator --product ecs --target i-demo1,i-fail-demo2 -- echo hello

--timeout is the command's own limit on each target (RunCommand's Timeout, 10s to 24h,
default 60s): a target that runs past it ends in Timeout, which counts as a failure.
--wait-timeout is how long this command waits (default 10m; exit code 4).
--keep records the invocation in the archive (invocations history), opened before
anything runs; eflo cannot list, so this is how its runs reach the history.
The watch view follows the invocation until it ends; the failed targets are named
with their exit and error codes. --no-wait prints the InvokeId (-o json: {"invokeId": ...})
and exits 0. SWAS runs one invocation per instance: several targets print one id each.
Ctrl-C stops the waiting only (exit 130); with --stop-on-interrupt the invocation is
stopped too (ECS, eflo; SWAS cannot stop). More than ${CONFIRM_ABOVE_TARGETS} targets asks first on a
terminal; --yes skips the question and is required when stdin is not a terminal.
Each run carries a ClientToken (ECS, eflo), so a retry after a lost answer never runs twice;
SWAS has none and a SWAS call is never retried once sent.
Exit codes: 0 Success, 1 Failed or PartialFailed, 3 Stopped, 4 wait timeout, 130 Ctrl-C.`;

const STOP_HELP = `
Examples:
  $ invocations stop t-hz0jdfwd9f8example --product ecs --region cn-hangzhou
  $ invocations stop t-abc --product eflo --region cn-wulanchabu --target e-01 --target e-02

Stops the invocation on all its targets, or on --target (ECS: at most 50). Targets that
already run finish; those not started yet do not start. SWAS has no StopInvocation.`;

const EMULATOR_HELP = `
Examples:
  $ invocations emulator
  $ invocations emulator --port 8790 --seed 7

Prints the URL, the access key and the exports (ALIBABA_CLOUD_ACCESS_KEY_ID,
ALIBABA_CLOUD_ACCESS_KEY_SECRET, INVOCATIONS_ENDPOINT) that point the CLI at it.
Runs until Ctrl-C or SIGTERM. --seed N (default 1) gives the same data as
\`invocations-emulator --seed N\` and \`--emulator --seed N\`. eflo requests to it
are answered as cn-hangzhou (127.0.0.1 names no region).`;

const CONSOLE_HELP = `
Examples:
  $ invocations console --emulator                 try it against the built-in emulator
  $ invocations console --region cn-hangzhou,cn-shanghai
  $ invocations console --region cn-hangzhou --archive postgres://db.internal/invocations
  $ invocations console --emulator --port 8080

Serves a web page of every invocation across the products and regions (built as
\`list\` builds them), what failed and why, updated live; with --archive also the
history and failure rates per command. The credentials stay in this process: the
page only talks to the console. It listens on 127.0.0.1 unless --host says
otherwise; another address prints a warning, since the console has no login.
The page runs commands and stops invocations only with --allow-run (with
--emulator always): each run is reviewed on the page before it is sent.
Runs until Ctrl-C or SIGTERM.`;

/** The global options that apply to each command: the others are refused and left out of its help. */
const GLOBALS_FOR: Record<string, readonly string[]> = {
  list: ['output', 'profile', 'endpoint', 'format', 'debug', 'emulator', 'seed'],
  get: ['output', 'profile', 'endpoint', 'format', 'debug', 'emulator', 'seed'],
  watch: ['output', 'profile', 'endpoint', 'format', 'debug', 'emulator', 'seed'],
  emulator: ['debug', 'seed'],
  console: ['profile', 'endpoint', 'format', 'debug', 'emulator', 'seed'],
  run: ['output', 'profile', 'endpoint', 'format', 'debug', 'emulator', 'seed'],
  stop: ['output', 'profile', 'endpoint', 'format', 'debug', 'emulator', 'seed'],
  // `invocations history sync|stats` (`history list` shares `list`'s entry).
  sync: ['output', 'profile', 'endpoint', 'format', 'debug', 'emulator', 'seed'],
  stats: ['output', 'debug'],
};

/** The flags of `list` that only some products can serve, and those products. */
const PRODUCT_FLAGS: readonly { key: 'instance' | 'node' | 'commandId'; flag: string; products: readonly Product[] }[] = [
  { key: 'instance', flag: '--instance', products: ['ecs', 'swas'] },
  { key: 'node', flag: '--node', products: ['eflo'] },
  { key: 'commandId', flag: '--command-id', products: ['ecs'] },
];

/**
 * The products `list` asks: `--product` as given, refusing a flag that cannot apply to one of them
 * (`--node` with `--product ecs`); without `--product`, every product narrowed to those the
 * product-specific flags apply to.
 */
export function listProducts(options: { product?: Product[]; instance?: string; node?: string; commandId?: string }): Product[] {
  let products = options.product ?? [...DEFAULT_PRODUCTS];
  for (const { key, flag, products: serving } of PRODUCT_FLAGS) {
    if (options[key] === undefined) continue;
    if (options.product) {
      const others = options.product.filter((product) => !serving.includes(product));
      if (others.length > 0) {
        throw new UsageError(`${flag} does not apply to ${others.join(', ')} (only to ${serving.join(' and ')}): drop ${flag} or ${others.join(', ')} from --product`);
      }
    } else {
      products = products.filter((product) => serving.includes(product));
    }
  }
  if (products.length === 0) {
    const given = PRODUCT_FLAGS.filter(({ key }) => options[key] !== undefined).map(({ flag }) => flag);
    throw new UsageError(`${given.join(' and ')} apply to no product together: pass only one of them`);
  }
  return products;
}

/** `scheme://user:password@host` (or `user:password@host` without a scheme) with the user info as `***`. */
export function hideUserInfo(text: string): string {
  return text.replace(/((?:[a-z][a-z0-9+.-]*:)?\/\/)?[^\s'"\/@]+@(?=[^\s'"@]*)/gi, (_match, scheme: string | undefined) => `${scheme ?? ''}***@`);
}

/** The flag a global option is written as, for messages. */
function flagOf(option: Option): string {
  return option.short && option.long ? `${option.short}/${option.long}` : (option.long ?? option.short ?? option.name());
}

/** Refuses global options given on the command line that do not apply to the command about to run. */
function checkGlobals(program: Command, command: Command): void {
  const allowed = GLOBALS_FOR[command.name()] ?? [];
  const given = (name: string): boolean => program.getOptionValueSource(name) === 'cli';
  for (const option of program.options) {
    const name = option.attributeName();
    if (name === 'version' || !given(name) || allowed.includes(name)) continue;
    throw new UsageError(`${flagOf(option)} does not apply to \`invocations ${command.name()}\``);
  }
  if (command.name() !== 'emulator' && given('seed') && !program.opts<GlobalOptions>().emulator) {
    throw new UsageError('--seed applies only with --emulator (or to `invocations emulator`)');
  }
  if (given('emulator') && given('profile')) throw new UsageError('--profile does not apply with --emulator, which uses the emulator\'s own keys');
}

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
    .description('List, inspect, watch, run and stop Cloud Assistant invocations across ECS, SWAS and Lingjun (eflo).')
    .version(packageJson.version, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .addOption(
      new Option('-o, --output <format>', `output format, any case (choices: ${OUTPUT_FORMATS.join(', ')})`).argParser(parseOutputFormat).default('table'),
    )
    .option('--profile <name>', 'profile of ~/.aliyun/config.json to read credentials and region from', parseProfile)
    .option('--endpoint <url>', "send every request here ('host[:port]' is https, or 'http(s)://host[:port]'); default: INVOCATIONS_ENDPOINT", parseEndpoint)
    .addOption(new Option('--format <format>', `wire format asked of the API (choices: ${WIRE_FORMATS.join(', ')})`).argParser(parseWireFormat))
    .option('--debug', 'print requests and responses (secrets removed) and stack traces to stderr')
    .option('--emulator', 'start the built-in emulator with seeded data and use it')
    .option('--seed <n>', 'seed of the emulator data, 0 to 4294967295 (default 1)', parseSeed)
    .configureHelp({
      showGlobalOptions: true,
      // A command's help lists the global options that apply to it (its examples use them).
      visibleGlobalOptions(this: Help, command: Command) {
        const allowed = GLOBALS_FOR[command.name()] ?? [];
        return Help.prototype.visibleGlobalOptions.call(this, command).filter((option) => allowed.includes(option.attributeName()));
      },
    })
    .hook('preAction', (_program, command) => checkGlobals(program, command))
    .addHelpText('after', ROOT_HELP)
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      // Commander's errors become one line, with where to read more.
      // Commander quotes the argument it refused: a password in a URL's user info must not be echoed.
      outputError: (text, write) => write(`${hideUserInfo(text.replace(/\s*\n\s*/g, ' ').trim())} (see --help)\n`),
    });

  const context = (command: Command): CommandContext => {
    const globals = command.optsWithGlobals<GlobalOptions>();
    return { io, now: hooks.now, globals };
  };

  const listCommand = program
    .command('list')
    .description('list invocations across products and regions in one table');
  addSharedOptions(listCommand, [
    ['product', '(default: all three)'],
    'region',
    'status',
    ['instance', '(ECS, SWAS)'],
    ['node', '(eflo)'],
    'commandId',
    'name',
    ['limit', 'invocations, the newest across all sources'],
    'since',
    ['invokeId', '(needed for eflo)'],
  ])
    .addHelpText('after', LIST_HELP)
    .action(async (options, command: Command) => {
      hooks.setExitCode(await runList({ ...options, product: listProducts(options) }, context(command)));
    });

  // get and watch name one invocation the same way: its id, its product (default ecs), the regions to ask in turn.
  const oneInvocationCommand = (name: string, description: string): Command =>
    program
      .command(name)
      .description(description)
      .argument('<invokeId>', 'the invocation id, e.g. t-hz0jdfwd9f8example')
      .option('--product <product>', 'ecs, swas or eflo', parseProduct, 'ecs')
      .option('--region <regions>', 'region id (several are asked in turn)', parseRegions);

  addSharedOptions(oneInvocationCommand('get', 'show one invocation: each target with status, exit code, error and output'), ['keep', ['archive', '(implies --keep)']])
    .option('--output-text', "also fetch and print each target's decoded output")
    .addHelpText('after', GET_HELP)
    .action(async (invokeId: string, options, command: Command) => {
      hooks.setExitCode(await runGet(invokeId, options, context(command)));
    });

  addSharedOptions(oneInvocationCommand('watch', 'follow one invocation live until it finishes; the exit code says how it ended'), ['keep', ['archive', '(implies --keep)']])
    .option('--timeout <duration>', 'give up after this long (exit code 4), e.g. 90s, 10m, 1h30m; at most 24d (default 30m)', (value: string) => parseDuration(value))
    .option('--interval <duration>', 'shortest pause between two polls, e.g. 200ms, 2s (default 500ms)', (value: string) => parseDuration(value))
    .addHelpText('after', WATCH_HELP)
    .action(async (invokeId: string, options, command: Command) => {
      hooks.setExitCode(await runWatch(invokeId, options, context(command)));
    });

  // run and stop change things: the product is always named, and the region is one region.
  const actingCommand = (name: string, description: string, productHelp: string): Command =>
    program.command(name).description(description).requiredOption('--product <product>', productHelp, parseProduct).option('--region <region>', 'the region id', parseRegions);

  const runCommand = actingCommand('run', 'run a command on instances or nodes and follow it until it finishes; the exit code says how it ended', 'ecs, swas or eflo')
    .usage('--product P --region R --target ID[,ID...] [options] (-- COMMAND... | --file SCRIPT)')
    .argument('[command...]', 'the command to run, after --')
    .requiredOption('--target <ids>', 'instance or node ids; comma-separated or repeated', parseIdList)
    .addOption(new Option('--type <type>', 'script type').choices(COMMAND_TYPES).default('shell'))
    .option('--timeout <duration>', "the command's own timeout on each target (RunCommand's Timeout), whole seconds, e.g. 60s, 10m (default 60s)", (value: string) => parseDuration(value))
    .option('--wait-timeout <duration>', 'stop waiting after this long (exit code 4), e.g. 10m, 1h (default 10m)', (value: string) => parseDuration(value))
    .option('--name <name>', 'the command name')
    .option('--working-dir <dir>', 'working directory on the target')
    .option('--user <user>', 'user that runs the command on the target')
    .option('--file <script>', 'read the command from this file instead of after --')
    .option('--no-wait', 'print the InvokeId and exit 0 without waiting')
    .option('--yes', `run on more than ${CONFIRM_ABOVE_TARGETS} targets without asking (required when stdin is not a terminal)`)
    .option('--stop-on-interrupt', 'on Ctrl-C also stop the invocation (ECS, eflo)');
  addSharedOptions(runCommand, ['keep', ['archive', '(implies --keep)']])
    .addHelpText('after', RUN_HELP)
    .action(async (words: string[], options, command: Command) => {
      hooks.setExitCode(await runRun(words, options, context(command)));
    });

  actingCommand('stop', 'stop an invocation on all its targets or on some (ECS, eflo)', 'ecs or eflo (SWAS has no StopInvocation)')
    .argument('<invokeId>', 'the invocation id')
    .option('--target <ids>', 'only these instances or nodes; comma-separated or repeated', parseIdList)
    .addHelpText('after', STOP_HELP)
    .action(async (invokeId: string, options, command: Command) => {
      hooks.setExitCode(await runStop(invokeId, options, context(command)));
    });

  const emulatorCommand = program
    .command('emulator')
    .description('run the emulator in the foreground and print how to point the CLI at it');
  addSharedOptions(emulatorCommand, ['port', 'host'])
    .addHelpText('after', EMULATOR_HELP)
    .action(async (options, command: Command) => {
      hooks.setExitCode(await runEmulator(options, context(command)));
    });

  const consoleCommand = program
    .command('console')
    .description('serve the web console: every invocation, what failed and why, live in a browser');
  addSharedOptions(consoleCommand, [['product', '(default: all three)'], 'region', ['archive', '(the page also shows its history)'], 'port', 'host'])
    .option('--allow-run', 'let the page run commands and stop invocations (on by default with --emulator)')
    .addHelpText('after', CONSOLE_HELP)
    .action(async (options, command: Command) => {
      hooks.setExitCode(await runConsole({ ...options, product: options.product ?? [...DEFAULT_PRODUCTS] }, context(command)));
    });

  registerHistoryCommands(program, { context, setExitCode: hooks.setExitCode });

  return program;
}
