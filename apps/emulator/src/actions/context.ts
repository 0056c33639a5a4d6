import { regionNotSupported } from '../errors.js';
import type { Params } from '../params.js';
import { PRODUCT_REGIONS } from '../products.js';
import type { ContentEncoding } from '../shapes.js';
import type { EmulatorState } from '../state.js';
import type { Product } from '../types.js';

/** What an action handler gets. */
export interface ActionContext {
  product: Product;
  params: Params;
  state: EmulatorState;
  /** The region of an eflo request (from the Host header or the default); ECS and SWAS read RegionId. */
  hostRegion: string;
}

/** An action handler: returns the response body without RequestId. */
export type ActionHandler = (context: ActionContext) => Record<string, unknown>;

/** A region the product serves, or `RegionId.ApiNotSupported`. */
export function checkRegion(product: Product, region: string): string {
  if (!PRODUCT_REGIONS[product].includes(region)) throw regionNotSupported(region);
  return region;
}

/** The required RegionId of an ECS or SWAS request, checked. */
export function regionParam(context: ActionContext): string {
  return checkRegion(context.product, context.params.required('RegionId'));
}

/** ContentEncoding of an answer: PlainText or Base64 (default Base64, seed 003 and seed 000). */
export function contentEncoding(context: ActionContext): ContentEncoding {
  return context.params.oneOf('ContentEncoding', ['PlainText', 'Base64'] as const) ?? 'Base64';
}

/** Decodes RunCommand's CommandContent per its ContentEncoding (default PlainText). */
export function decodeContent(context: ActionContext, content: string): string {
  const encoding = context.params.oneOf('ContentEncoding', ['PlainText', 'Base64'] as const) ?? 'PlainText';
  return encoding === 'Base64' ? Buffer.from(content, 'base64').toString('utf8') : content;
}

/** Command types ECS and SWAS accept. */
export const COMMAND_TYPES = ['RunShellScript', 'RunBatScript', 'RunPowerShellScript'] as const;
/** Repeat modes ECS and eflo accept. */
export const REPEAT_MODES = ['Once', 'Period', 'NextRebootOnly', 'EveryReboot', 'DryRun'] as const;
/** ClientToken: ASCII, at most 64 characters (RunCommandRequest.clientToken in the ECS and eflo SDKs). */
export const CLIENT_TOKEN = /^[\x20-\x7e]{1,64}$/;
