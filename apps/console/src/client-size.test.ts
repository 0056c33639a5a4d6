// The page's initial JavaScript (what index.html loads before anything is clicked) stays within
// 150 KB gzipped. Reads the built client (`pnpm build` runs first under `pnpm test`); `pnpm size`
// runs this file alone and prints the number.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { defaultClientDir } from './client-files.js';

const BUDGET = 150 * 1024;

describe('the built client', () => {
  it('loads at most 150 KB of JavaScript, gzipped, on first view', () => {
    const dir = defaultClientDir();
    const html = readFileSync(join(dir, 'index.html'), 'utf8');
    // Entry scripts and the chunks Vite preloads with them: all the first view fetches.
    const scripts = [...html.matchAll(/<(?:script[^>]*\ssrc|link[^>]*rel="modulepreload"[^>]*\shref)="\/([^"]+\.js)"/g)].map((match) => match[1]!);
    expect(scripts.length).toBeGreaterThan(0);
    const sizes = scripts.map((script) => ({ script, gzip: gzipSync(readFileSync(join(dir, script)), { level: 9 }).length }));
    const total = sizes.reduce((sum, entry) => sum + entry.gzip, 0);
    console.log(`console client, initial JS: ${(total / 1024).toFixed(1)} KB gzipped (budget ${BUDGET / 1024} KB): ${sizes.map((entry) => `${entry.script} ${(entry.gzip / 1024).toFixed(1)} KB`).join(', ')}`);
    expect(total).toBeLessThanOrEqual(BUDGET);
    // Nothing inline: the page runs under script-src 'self'.
    expect(html).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
  });
});
