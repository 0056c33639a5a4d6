import { describe, expect, it } from 'vitest';
import { extractDocBlocks, importedPackages, installedPackages } from './doc-blocks.js';

const markdown = [
  '# x',
  '```sh',
  'npm install @invocations/ecs zod@4 # the adapter',
  'npm i -D @invocations/emulator',
  '```',
  '<!-- doc-test: cloud -->',
  '```ts',
  "import { createEcsSource } from '@invocations/ecs';",
  "const { z } = await import('zod/mini');",
  "import { readFile } from 'node:fs/promises';",
  '```',
  '````md',
  '```ts',
  'nested',
  '```',
  '````',
].join('\n');

describe('extractDocBlocks', () => {
  it('finds each block with its language, line and marker, and nested fences stay inside', () => {
    const blocks = extractDocBlocks(markdown);
    expect(blocks.map(({ language, line, marker }) => ({ language, line, marker }))).toEqual([
      { language: 'sh', line: 2, marker: undefined },
      { language: 'ts', line: 7, marker: 'cloud' },
      { language: 'md', line: 12, marker: undefined },
    ]);
    expect(blocks[2]?.code).toBe('```ts\nnested\n```\n');
  });

  it('rejects an unknown marker and an unclosed fence', () => {
    expect(() => extractDocBlocks('<!-- doc-test: later -->\n```ts\nx\n```')).toThrow(/unknown doc-test marker "later"/);
    expect(() => extractDocBlocks('```ts\nx')).toThrow(/line 1: the code block is never closed/);
  });
});

describe('imports and install lines', () => {
  it('names the packages a block imports, without built-ins', () => {
    expect(importedPackages(extractDocBlocks(markdown)[1]?.code ?? '')).toEqual(['@invocations/ecs', 'zod']);
  });

  it('names the packages the install lines install, versions and flags left out', () => {
    expect(installedPackages(extractDocBlocks(markdown))).toEqual(['@invocations/ecs', 'zod', '@invocations/emulator']);
  });
});
