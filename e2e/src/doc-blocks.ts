/**
 * Finds the code blocks of a Markdown file, with the doc-test marker that may precede them. The
 * doc-test runs every `ts`/`js` block; a block that needs a real Alibaba Cloud account is marked
 * `<!-- doc-test: cloud -->` on the line before its fence, and is type-checked only.
 */

/** The markers a block may carry. */
export type DocBlockMarker = 'cloud';

/** One fenced code block. */
export interface DocBlock {
  /** The fence's language (`ts`, `js`, `sh`, ...), lower case; '' when none. */
  language: string;
  /** The code between the fences. */
  code: string;
  /** 1-based line of the opening fence. */
  line: number;
  /** The marker on the line before the fence, if any. */
  marker?: DocBlockMarker;
}

const MARKER = /^<!--\s*doc-test:\s*([a-z-]+)\s*-->$/;

/** Splits Markdown into its fenced code blocks. An unknown marker or an unclosed fence throws. */
export function extractDocBlocks(markdown: string): DocBlock[] {
  const lines = markdown.split(/\r?\n/);
  const blocks: DocBlock[] = [];
  for (let index = 0; index < lines.length; index += 1) {
    const open = /^(```+|~~~+)\s*([\w-]*)/.exec(lines[index] ?? '');
    if (!open) continue;
    const fence = open[1] as string;
    const start = index;
    const body: string[] = [];
    index += 1;
    while (index < lines.length && !(lines[index] ?? '').startsWith(fence)) body.push(lines[index++] ?? '');
    if (index >= lines.length) throw new Error(`line ${start + 1}: the code block is never closed`);
    const previous = (lines[start - 1] ?? '').trim();
    const markerMatch = MARKER.exec(previous);
    if (markerMatch && markerMatch[1] !== 'cloud') throw new Error(`line ${start}: unknown doc-test marker "${markerMatch[1]}" (known: cloud)`);
    blocks.push({
      language: (open[2] ?? '').toLowerCase(),
      code: `${body.join('\n')}\n`,
      line: start + 1,
      ...(markerMatch ? { marker: 'cloud' as const } : {}),
    });
  }
  return blocks;
}

/** The blocks the doc-test runs or type-checks: TypeScript and JavaScript. */
export function isCodeBlock(block: DocBlock): boolean {
  return ['ts', 'typescript', 'js', 'javascript', 'mjs'].includes(block.language);
}

/** True for TypeScript blocks (type-checked as well as run). */
export function isTypeScript(block: DocBlock): boolean {
  return block.language === 'ts' || block.language === 'typescript';
}

/**
 * The packages a block imports, by name: `@scope/name` or `name`, from `import ... from 'x'`,
 * `import 'x'` and `import('x')`; `node:` built-ins and relative paths are left out.
 */
export function importedPackages(code: string): string[] {
  const names = new Set<string>();
  const pattern = /(?:\bfrom\s*|\bimport\s*\(?\s*)['"]([^'"]+)['"]/g;
  for (const match of code.matchAll(pattern)) {
    const specifier = match[1] as string;
    if (specifier.startsWith('node:') || specifier.startsWith('.') || specifier.startsWith('/')) continue;
    const parts = specifier.split('/');
    names.add(specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] as string));
  }
  return [...names];
}

/** The packages named by the `npm install` / `npm i` lines of the Markdown's shell blocks. */
export function installedPackages(blocks: readonly DocBlock[]): string[] {
  const names = new Set<string>();
  for (const block of blocks) {
    if (!['sh', 'bash', 'shell', 'console'].includes(block.language)) continue;
    for (const line of block.code.split('\n')) {
      const command = /\bnpm\s+(?:install|i|add)\b(.*)$/.exec(line.replace(/#.*$/, ''));
      if (!command) continue;
      for (const word of (command[1] ?? '').trim().split(/\s+/)) {
        if (word === '' || word.startsWith('-')) continue;
        // `name@version` and `@scope/name@version` name the package before the version.
        names.add(word.replace(/^(@?[^@]+)@.*$/, '$1'));
      }
    }
  }
  return [...names];
}
