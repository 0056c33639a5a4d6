/**
 * The aliyun CLI config file, as read by each runtime. `credentials.ts` imports the reader through the
 * package's `#config-file` import: Node gets `config-file-node.ts`, browsers, workers and everything
 * else `config-file-web.ts`, so a browser bundle holds no `node:` import.
 */

/** Larger than any real aliyun CLI config (a few KB): a bigger file is refused, never read. */
export const MAX_CONFIG_FILE_BYTES = 1024 * 1024;

/** Larger than any OIDC token (a JWT of a few KB). */
export const MAX_TOKEN_FILE_BYTES = 64 * 1024;

/** What reading the config file gave. */
export type ConfigFileResult =
  | { kind: 'missing' }
  | { kind: 'unavailable' }
  | { kind: 'found'; text: string };

/** Options of {@link ConfigFileReader.readConfigFile}. */
export interface ReadConfigFileOptions {
  /**
   * Called when the file is readable by other users. Default: `process.emitWarning` with code
   * `INVOCATIONS_CONFIG_FILE_MODE`. Either way a path is warned about once per process.
   */
  onWarning?: (message: string) => void;
}

/** The runtime's way to find and read the config file. */
export interface ConfigFileReader {
  /** `~/.aliyun/config.json` for this runtime, or undefined when there is no home directory. */
  defaultConfigPath(env: Record<string, string | undefined>): string | undefined;
  /** Reads a regular file of at most {@link MAX_CONFIG_FILE_BYTES}. */
  readConfigFile(path: string, options?: ReadConfigFileOptions): Promise<ConfigFileResult>;
  /** Reads an OIDC token file of at most {@link MAX_TOKEN_FILE_BYTES}. */
  readTokenFile(path: string): Promise<ConfigFileResult>;
}
