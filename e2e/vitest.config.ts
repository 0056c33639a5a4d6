import { defineTestConfig } from '../vitest.shared';

// The checks here start processes (node, npm pack, tsc, Chromium): generous timeouts for a loaded machine.
export default defineTestConfig({ test: { testTimeout: 120_000, hookTimeout: 120_000 } });
