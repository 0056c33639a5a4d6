import { NotFoundError, type Invocation, type InvocationSource, type Product } from '@invocations/core';
import { createSource, type SourceContext } from '../sources.js';

/**
 * Finds which region holds an invocation: one region is asked directly; several (the emulator's
 * defaults, or `--region a,b`) are asked in turn until one has it. Not found anywhere is a
 * `NotFoundError` naming every region asked.
 */
export async function locateInvocation(
  product: Product,
  regions: readonly string[],
  invokeId: string,
  sourceContext: SourceContext,
  options: { includeOutput?: boolean; signal?: AbortSignal },
): Promise<{ source: InvocationSource; invocation: Invocation }> {
  for (const region of regions) {
    const source = createSource(product, region, sourceContext);
    try {
      const invocation = await source.get(invokeId, {
        ...(options.includeOutput ? { includeOutput: true } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      });
      return { source, invocation };
    } catch (error) {
      if (NotFoundError.isInstance(error) && regions.length > 1) continue;
      throw error;
    }
  }
  throw new NotFoundError({ invokeId, product, region: regions.join(', ') });
}
