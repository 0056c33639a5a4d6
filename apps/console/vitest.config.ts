import { defineTestConfig } from '../../vitest.shared';

// The API tests start the emulator; the browser suite (test/) starts Chromium: generous for a loaded 2-core machine.
export default defineTestConfig({ test: { testTimeout: 60_000, hookTimeout: 120_000 } });
