import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { addSharedOptions } from './shared-options.js';

const parse = (command: Command, args: string[]) => {
  command.exitOverride().configureOutput({ writeErr: () => undefined });
  return command.parse(args, { from: 'user' }).opts();
};

describe('addSharedOptions', () => {
  it('gives every command the same flag, parser and help, with a note appended', () => {
    const list = addSharedOptions(new Command('list'), [['product', '(default: all three)'], 'since']);
    const history = addSharedOptions(new Command('history'), ['product', 'since']);
    const help = (command: Command, flag: string) => command.options.find((option) => option.long === flag)?.description;
    expect(help(list, '--since')).toBe(help(history, '--since'));
    expect(help(list, '--product')).toBe(`${help(history, '--product')} (default: all three)`);
    expect(parse(list, ['--product', 'ECS,swas', '--product', 'ecs']).product).toEqual(['ecs', 'swas']);
    expect(parse(history, ['--since', '2h']).since).toEqual({ kind: 'duration', ms: 7_200_000 });
  });

  it("takes a default per command and keeps the table's own", () => {
    expect(parse(addSharedOptions(new Command('a'), [['limit', 'invocations', 100]]), []).limit).toBe(100);
    expect(parse(addSharedOptions(new Command('b'), ['limit']), []).limit).toBeUndefined();
    expect(parse(addSharedOptions(new Command('c'), ['port', 'host']), [])).toEqual({ port: 0, host: '127.0.0.1' });
  });

  it('refuses a bad value through the shared parser', () => {
    expect(() => parse(addSharedOptions(new Command('d'), ['limit']), ['--limit', '0'])).toThrow(/--limit/);
    expect(() => parse(addSharedOptions(new Command('e'), ['status']), ['--status', 'sleeping'])).toThrow(/--status/);
  });
});
