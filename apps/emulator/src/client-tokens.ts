import type { Product } from './types.js';

/** Tokens remembered per emulator; the oldest go first beyond this (a bound on memory). */
export const MAX_CLIENT_TOKENS = 100_000;

/**
 * RunCommand's ClientToken -> InvokeId, per product and region: a retried RunCommand with the same
 * token gets the first InvokeId back and creates nothing (RunCommandRequest.clientToken in the official
 * SDK; "How to ensure idempotence", help.aliyun.com/document_detail/25693.html).
 */
export class ClientTokens {
  private readonly byKey = new Map<string, string>();

  constructor(private readonly limit: number = MAX_CLIENT_TOKENS) {}

  /** The InvokeId a token created, if remembered. */
  find(product: Product, region: string, token: string): string | undefined {
    return this.byKey.get(`${product}/${region}/${token}`);
  }

  /** Remembers the InvokeId a token created. */
  remember(product: Product, region: string, token: string, invokeId: string): void {
    const key = `${product}/${region}/${token}`;
    this.byKey.delete(key);
    this.byKey.set(key, invokeId);
    while (this.byKey.size > this.limit) this.byKey.delete(this.byKey.keys().next().value as string);
  }

  /** Number of tokens remembered. */
  get size(): number {
    return this.byKey.size;
  }
}
