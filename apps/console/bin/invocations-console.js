#!/usr/bin/env node
// The published bin is this committed file, not dist/bin.js: pnpm links workspace bins at install time,
// before anything is built, and a bin pointing into dist/ would fail to link ("Failed to create bin").
try {
  await import('../dist/bin.js');
} catch (error) {
  if (error?.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('dist/bin.js')) {
    process.stderr.write('invocations-console: dist/bin.js is missing; build the package first (pnpm build)\n');
    process.exit(1);
  }
  throw error;
}
