export { run } from './run.js';
export type { CliIo, OutputStream } from './io.js';
export { EXIT } from './errors.js';
