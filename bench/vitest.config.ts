import { defineTestConfig } from '../vitest.shared';

// Only the reliability suite runs here; the benchmarks (src/) run with `pnpm bench`.
export default defineTestConfig({
  test: { include: ['reliability/**/*.test.ts'], testTimeout: 60_000, hookTimeout: 30_000 },
});
