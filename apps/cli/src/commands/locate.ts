import { NotFoundError, type Invocation, type InvocationSource, type Product } from '@invocations/core';
import { UsageError } from '../errors.js';
import { createSource, describeEndpoint, sourceRegions, type SourceContext } from '../sources.js';

/**
 * Finds which region holds an invocation: one region is asked directly; several (the emulator's
 * defaults, or `--region a,b`) are asked in turn until one has it. eflo behind a custom endpoint is
 * asked once, in the region that endpoint serves (see `sourceRegions`). Not found anywhere is a
 * `NotFoundError` naming every region asked.
 */
export async function locateInvocation(
  product: Product,
  regions: readonly string[],
  invokeId: string,
  sourceContext: SourceContext,
  options: { includeOutput?: boolean; signal?: AbortSignal },
): Promise<{ source: InvocationSource; invocation: Invocation }> {
  const asked = sourceRegions(product, regions, sourceContext);
  if (asked.regions.length === 0) {
    const serves = asked.serves ?? '';
    throw new UsageError(`${product}: ${describeEndpoint(sourceContext)} answers ${product} as ${serves} only, not ${regions.join(', ')}: pass --region ${serves}`);
  }
  for (const region of asked.regions) {
    const source = createSource(product, region, sourceContext);
    try {
      const invocation = await source.get(invokeId, {
        ...(options.includeOutput ? { includeOutput: true } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      });
      return { source, invocation };
    } catch (error) {
      if (NotFoundError.isInstance(error) && asked.regions.length > 1) continue;
      throw error;
    }
  }
  throw new NotFoundError({ invokeId, product, region: asked.regions.join(', ') });
}
