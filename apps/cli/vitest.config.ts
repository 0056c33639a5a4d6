import { defineTestConfig } from '../../vitest.shared';

// Most CLI tests start the built CLI several times in a row; on 2 cores shared with the other
// packages' suites each start can take seconds, so a test gets a minute (hooks build and seed).
export default defineTestConfig({ test: { testTimeout: 60_000, hookTimeout: 180_000 } });
