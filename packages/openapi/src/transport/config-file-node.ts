import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { ConfigurationError } from '@invocations/core';
import { type ConfigFileResult, MAX_CONFIG_FILE_BYTES, MAX_TOKEN_FILE_BYTES, type ReadConfigFileOptions } from './config-file.js';

/** `$HOME/.aliyun/config.json` (HOME from the given environment first, as the aliyun CLI does). */
export function defaultConfigPath(env: Record<string, string | undefined>): string | undefined {
  const home = env.HOME?.trim() || homedir();
  return home ? join(home, '.aliyun', 'config.json') : undefined;
}

const warned = new Set<string>();

function emitWarning(message: string): void {
  const process = (globalThis as { process?: { emitWarning?: (message: string, options: { code: string }) => void } }).process;
  process?.emitWarning?.(message, { code: 'INVOCATIONS_CONFIG_FILE_MODE' });
}

function kindOf(stats: import('node:fs').Stats): string {
  if (stats.isDirectory()) return 'a directory';
  if (stats.isFIFO()) return 'a FIFO';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  if (stats.isSocket()) return 'a socket';
  return 'a special file';
}

/**
 * Reads the config file safely: opened without blocking (a FIFO with no writer would otherwise hang the
 * open), then checked on the open handle (no swap between the check and the read) to be a regular file of
 * at most {@link MAX_CONFIG_FILE_BYTES}, and read up to that cap. A file readable by group or others
 * (mode & 0o044, the rule ssh applies to keys) is used, with one warning per path per process.
 */
export function readConfigFile(path: string, options: ReadConfigFileOptions = {}): Promise<ConfigFileResult> {
  return readSmallFile(path, MAX_CONFIG_FILE_BYTES, '(1 MiB): it was not read; an aliyun CLI config is a small JSON file', options.onWarning ?? emitWarning);
}

/**
 * Reads an OIDC token file (`ALIBABA_CLOUD_OIDC_TOKEN_FILE`, `oidc_token_file`) with the same care, at most
 * {@link MAX_TOKEN_FILE_BYTES}; no mode warning (ACK mounts the token readable by the pod).
 */
export function readTokenFile(path: string): Promise<ConfigFileResult> {
  return readSmallFile(path, MAX_TOKEN_FILE_BYTES, '(64 KiB): it was not read; an OIDC token is a few KB', undefined);
}

async function readSmallFile(path: string, maxBytes: number, what: string, onWarning: ((message: string) => void) | undefined): Promise<ConfigFileResult> {
  let handle: import('node:fs/promises').FileHandle;
  try {
    handle = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { kind: 'missing' };
    throw new ConfigurationError(`cannot read ${path} (${code ?? 'error'})`, { cause: error });
  }
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) throw new ConfigurationError(`${path} is ${kindOf(stats)}, not a regular file: it was not read`);
    const tooLarge = () => new ConfigurationError(`${path} is larger than ${maxBytes} bytes ${what}`);
    if (stats.size > maxBytes) throw tooLarge();
    if (onWarning && process.platform !== 'win32' && (stats.mode & 0o044) !== 0 && !warned.has(path)) {
      warned.add(path);
      const mode = (stats.mode & 0o777).toString(8).padStart(4, '0');
      const message = `${path} is readable by other users (mode ${mode}) and holds AccessKey secrets; run: chmod 600 ${path}`;
      onWarning(message);
    }
    // Read to the cap plus one byte: a file that grew past the cap since fstat is refused, not cut.
    const buffer = new Uint8Array(maxBytes + 1);
    let length = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, null);
      if (bytesRead === 0) break;
      length += bytesRead;
      if (length > maxBytes) throw tooLarge();
    }
    return { kind: 'found', text: new TextDecoder().decode(buffer.subarray(0, length)) };
  } catch (error) {
    if (ConfigurationError.isInstance(error)) throw error;
    const code = (error as { code?: string }).code;
    throw new ConfigurationError(`cannot read ${path} (${code ?? 'error'})`, { cause: error });
  } finally {
    await handle.close();
  }
}
