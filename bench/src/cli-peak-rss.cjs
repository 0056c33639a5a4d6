// Preloaded into the CLI process by the `cli` benchmark (node --require): on exit, writes the
// process's peak resident set size (KB, from getrusage) to the file named in INVOCATIONS_BENCH_RSS_FILE.
const { writeFileSync } = require('node:fs');
const file = process.env.INVOCATIONS_BENCH_RSS_FILE;
if (file) process.on('exit', () => writeFileSync(file, String(process.resourceUsage().maxRSS)));
