// Preloaded into the CLI process by the `cli` benchmark (node --require): on exit, writes the
// process's peak resident set size (KB) and its CPU time (user + system, microseconds), both from
// getrusage, as JSON to the file named in INVOCATIONS_BENCH_RSS_FILE.
const { writeFileSync } = require('node:fs');
const file = process.env.INVOCATIONS_BENCH_RSS_FILE;
if (file) {
  process.on('exit', () => {
    const usage = process.resourceUsage();
    writeFileSync(file, JSON.stringify({ maxRSS: usage.maxRSS, cpu: usage.userCPUTime + usage.systemCPUTime }));
  });
}
