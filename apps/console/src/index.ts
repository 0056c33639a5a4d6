export { createConsoleApp } from './app.js';
export type { ConsoleAppOptions } from './app.js';
export { startConsole, isLoopbackHost } from './start.js';
export type { StartConsoleOptions, RunningConsole } from './start.js';
export { TARGET_ERROR_MEANINGS, errorMeaningsOf } from './error-meanings.js';
export { defaultClientDir, loadClientFiles } from './client-files.js';
export type { ClientFile, ClientFiles } from './client-files.js';
export { DEFAULT_LIST_LIMIT, MAX_LIST_LIMIT } from './query-params.js';
export type {
  SourceInfo,
  MetaResponse,
  SourceFailureInfo,
  ListResponse,
  InvocationResponse,
  HistoryResponse,
  StatsRowInfo,
  StatsResponse,
  ErrorResponse,
} from './api-types.js';
