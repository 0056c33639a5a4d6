#!/usr/bin/env node
// The published bin is this committed file, not dist/bin.js: pnpm links workspace bins at install time,
// before anything is built, and a bin pointing into dist/ would fail to link ("Failed to create bin").
// Unbuilt, Node's ERR_MODULE_NOT_FOUND names the missing dist/bin.js: build the package first (pnpm build).
await import('../dist/bin.js');
