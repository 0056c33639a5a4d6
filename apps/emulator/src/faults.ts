import { createPrng, type Prng } from './prng.js';
import type { EmulatorFaults, EmulatorFaultsInput, Product } from './types.js';

/** What to do to one answer. */
export interface FaultDecision {
  latencyMs: number;
  throttle: boolean;
  /** 503 or 500 when a server error is due. */
  serverError?: 503 | 500;
  truncate: boolean;
  /** 500 InternalError.Dispatch is due. */
  dispatchError: boolean;
  /** Seconds for `x-acs-retry-after` on a throttled answer. */
  retryAfterSeconds?: number;
}

function checkFaults(faults: EmulatorFaults): EmulatorFaults {
  for (const name of ['throttleRate', 'serverErrorRate', 'truncateRate', 'dispatchErrorRate'] as const) {
    const value = faults[name];
    if (value !== undefined && !(Number.isFinite(value) && value >= 0 && value <= 1)) {
      throw new RangeError(`faults.${name} must be a number within 0..1, got ${String(value)}`);
    }
  }
  for (const name of ['latencyMs', 'retryAfterMs', 'retryAfterSeconds'] as const) {
    const value = faults[name];
    if (value !== undefined && !(Number.isFinite(value) && value >= 0)) {
      throw new RangeError(`faults.${name} must be a number >= 0, got ${String(value)}`);
    }
  }
  const drops = faults.dropCreatedResponses;
  if (drops !== undefined && !(Number.isInteger(drops) && drops >= 0)) {
    throw new RangeError(`faults.dropCreatedResponses must be a whole number >= 0, got ${String(drops)}`);
  }
  return { ...faults };
}

/**
 * Server-wide and per-product faults, drawn from a seeded PRNG so that a given seed and request
 * order always fault the same requests. A product's faults replace the server's field by field.
 */
export class FaultController {
  private server: EmulatorFaults = {};
  private readonly perProduct = new Map<Product, EmulatorFaults>();
  private readonly prng: Prng;
  /** Answers still to drop, per setting: the server's (key 'server') or a product's. */
  private readonly dropsLeft = new Map<Product | 'server', number>();

  constructor(seed: number, initial: EmulatorFaultsInput = {}) {
    this.prng = createPrng(seed ^ 0x5eed_fa17);
    const { ecs, swas, eflo, ...server } = initial;
    this.set(server);
    if (ecs) this.set(ecs, 'ecs');
    if (swas) this.set(swas, 'swas');
    if (eflo) this.set(eflo, 'eflo');
  }

  /** Replaces the server's faults, or one product's. */
  set(faults: EmulatorFaults, product?: Product): void {
    const checked = checkFaults(faults);
    if (product) this.perProduct.set(product, checked);
    else this.server = checked;
    this.dropsLeft.set(product ?? 'server', checked.dropCreatedResponses ?? 0);
  }

  /**
   * True when the answer of a request that just created an invocation is to be lost (see
   * `dropCreatedResponses`); counts it. A product's own setting, when it has one, wins.
   */
  takeCreatedDrop(product: Product): boolean {
    const key = this.perProduct.get(product)?.dropCreatedResponses !== undefined ? product : 'server';
    const left = this.dropsLeft.get(key) ?? 0;
    if (left <= 0) return false;
    this.dropsLeft.set(key, left - 1);
    return true;
  }

  /** The faults in force for a product. */
  effective(product?: Product): EmulatorFaults {
    return { ...this.server, ...(product ? this.perProduct.get(product) : undefined) };
  }

  /** Draws the faults of one request. */
  decide(product?: Product): FaultDecision {
    const faults = this.effective(product);
    const throttle = this.prng.chance(faults.throttleRate ?? 0);
    const serverError = !throttle && this.prng.chance(faults.serverErrorRate ?? 0) ? (this.prng.chance(0.5) ? 503 : 500) : undefined;
    const truncate = this.prng.chance(faults.truncateRate ?? 0);
    // Drawn only when set, so the faults of existing seeds and rates stay the same.
    const dispatchError = !throttle && serverError === undefined && faults.dispatchErrorRate !== undefined && this.prng.chance(faults.dispatchErrorRate);
    const retryAfterSeconds =
      faults.retryAfterSeconds ?? (faults.retryAfterMs !== undefined ? Math.ceil(faults.retryAfterMs / 1000) : undefined);
    return {
      latencyMs: faults.latencyMs ?? 0,
      throttle,
      ...(serverError ? { serverError } : {}),
      truncate,
      dispatchError,
      ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}),
    };
  }
}
