import { Option, type Command } from 'commander';
import { parseIdList, parsePort, parsePositiveInteger, parseProducts, parseRegions, parseSince, parseStatuses } from './options.js';

interface SharedOption {
  flags: string;
  description: string;
  parse?: (value: string, previous: never) => unknown;
  default?: unknown;
}

// One definition of each option several commands take (list, history list/stats/sync, console,
// emulator), so their flags, parsers and help cannot drift apart.
const SHARED_OPTIONS = {
  product: { flags: '--product <products>', description: 'ecs, swas, eflo; comma-separated or repeated', parse: parseProducts },
  region: { flags: '--region <regions>', description: 'region ids; comma-separated or repeated', parse: parseRegions },
  status: { flags: '--status <statuses>', description: 'only these overall statuses; comma-separated, any case', parse: parseStatuses },
  target: { flags: '--target <id>', description: 'only invocations on this instance or node' },
  instance: { flags: '--instance <id>', description: 'only invocations on this instance' },
  node: { flags: '--node <id>', description: 'only invocations on this node' },
  commandId: { flags: '--command-id <id>', description: 'only invocations of this command id' },
  name: { flags: '--name <text>', description: 'only invocations whose command name contains this text (any case)' },
  invokeId: { flags: '--invoke-id <ids>', description: 'only these invocations; comma-separated or repeated', parse: parseIdList },
  since: { flags: '--since <when>', description: 'created since a duration ago (2h, 1d12h) or an ISO date or time (2025-01-31, 2025-01-31T08:00:00Z)', parse: parseSince },
  until: { flags: '--until <when>', description: 'created before a duration ago or an ISO date or time', parse: parseSince },
  limit: { flags: '--limit <n>', description: 'at most this many', parse: parsePositiveInteger },
  archive: { flags: '--archive <url>', description: 'the archive: a directory, file:, memory:// or postgres://...' },
  // get, watch and run: what they saw goes into the archive (eflo cannot list: this is how its invocations get there).
  keep: { flags: '--keep', description: 'also keep what it saw in the archive (INVOCATIONS_ARCHIVE_URL or the default one; --archive names another)' },
  port: { flags: '--port <n>', description: 'port to listen on, 0 to 65535 (0 picks a free one)', parse: parsePort, default: 0 },
  host: { flags: '--host <host>', description: 'address to listen on', default: '127.0.0.1' },
} satisfies Record<string, SharedOption>;

/** The name of an option in the shared table. */
export type SharedOptionName = keyof typeof SHARED_OPTIONS;

/** A shared option to add: its name, or its name with a note appended to its help (`'(default: all three)'`) and a default. */
export type SharedOptionUse = SharedOptionName | readonly [SharedOptionName, string?, unknown?];

/**
 * Adds shared options to `command`, in the order given. A note is appended to the option's help where a
 * command means it a little differently (`--limit`'s unit, `--product`'s default).
 * @example addSharedOptions(program.command('list'), ['product', 'region', ['limit', 'invocations (newest first)']])
 */
export function addSharedOptions(command: Command, uses: readonly SharedOptionUse[]): Command {
  for (const use of uses) {
    const [name, note, defaultValue] = typeof use === 'string' ? [use] : use;
    const spec: SharedOption = SHARED_OPTIONS[name];
    const option = new Option(spec.flags, note ? `${spec.description} ${note}` : spec.description);
    // Each parser takes its own previous value (the accumulating lists); commander passes back what it returned.
    if (spec.parse) option.argParser(spec.parse as (value: string, previous: unknown) => unknown);
    const value = defaultValue ?? spec.default;
    if (value !== undefined) option.default(value);
    command.addOption(option);
  }
  return command;
}
