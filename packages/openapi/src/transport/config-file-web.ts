import type { ConfigFileResult, ReadConfigFileOptions } from './config-file.js';

// Browsers, workers and edge runtimes have no aliyun CLI config: the lookup says so, and nothing here
// imports a `node:` module.

/** The path a Node process would read, for the error message only (from HOME when the env has one). */
export function defaultConfigPath(env: Record<string, string | undefined>): string | undefined {
  const home = env.HOME ?? env.USERPROFILE;
  return home ? `${home.replace(/[\\/]+$/, '')}/.aliyun/config.json` : undefined;
}

/** There is no file system to read: always `unavailable`. */
export async function readConfigFile(_path: string, _options?: ReadConfigFileOptions): Promise<ConfigFileResult> {
  return { kind: 'unavailable' };
}

/** There is no file system to read: always `unavailable`. */
export async function readTokenFile(_path: string): Promise<ConfigFileResult> {
  return { kind: 'unavailable' };
}
