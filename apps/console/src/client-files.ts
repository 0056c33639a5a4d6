import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** One file of the built client, held in memory. */
export interface ClientFile {
  body: Uint8Array;
  contentType: string;
  /** Vite's hashed assets never change under their name: cached for a year. */
  immutable: boolean;
}

/** The built client by URL path (`/index.html`, `/assets/index-abc123.js`). */
export type ClientFiles = ReadonlyMap<string, ClientFile>;

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.ico': 'image/x-icon',
  '.png': 'image/png',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * Where the built client is: `dist/client` beside the built server (`dist/index.js`), or, when the
 * server runs from its TypeScript sources (tests), the package's `dist/client`.
 */
export function defaultClientDir(): string {
  const candidates = [new URL('./client/', import.meta.url), new URL('../dist/client/', import.meta.url)].map((url) => fileURLToPath(url));
  return candidates.find((dir) => existsSync(join(dir, 'index.html'))) ?? (candidates[0] as string);
}

/**
 * Reads every file of the built client once, at start. Requests are answered from this map only, so
 * no request path ever reaches the file system. A missing build is an error that says to build.
 */
export function loadClientFiles(dir: string = defaultClientDir()): ClientFiles {
  if (!existsSync(join(dir, 'index.html'))) {
    throw new Error(`the console's client is not built (${join(dir, 'index.html')} is missing): run \`pnpm build\` in apps/console`);
  }
  const files = new Map<string, ClientFile>();
  const walk = (current: string): void => {
    for (const name of readdirSync(current)) {
      const path = join(current, name);
      if (statSync(path).isDirectory()) walk(path);
      else {
        const urlPath = `/${relative(dir, path).split(sep).join('/')}`;
        files.set(urlPath, {
          body: readFileSync(path),
          contentType: CONTENT_TYPES[extname(name).toLowerCase()] ?? 'application/octet-stream',
          immutable: urlPath.startsWith('/assets/'),
        });
      }
    }
  };
  walk(dir);
  return files;
}
