import { DecodeError } from '@invocations/core';
import { checkFormat, pageFields, readListing } from '@invocations/openapi/kit';
import { swasListInstancesResponseSchema } from './wire-schema.js';

/** One simple application server as ListInstances describes it (the fields discovery uses). */
export interface SwasInstance {
  instanceId: string;
  instanceName?: string;
  regionId?: string;
  /** Running, Stopped, ... as sent. */
  status?: string;
}

/** What {@link parseListInstances} returns. */
export interface ParsedListInstances {
  requestId: string;
  instances: SwasInstance[];
  totalCount?: number;
  pageNumber?: number;
  pageSize?: number;
}

/** XML tags that are lists: SWAS repeats `<Instances>` once per server, like `<Invocations>`. */
export const SWAS_LIST_INSTANCES_ARRAY_TAGS = ['Instances'] as const;

/**
 * Maps a SWAS ListInstances body (JSON or XML) onto the instances a region holds. Used by
 * `createSwasSource` to list a whole region when the query names no instance. An error body
 * (`Code`, `Message`, no `Instances`) is the service's `ApiError`, never an empty region.
 *
 * @example
 * parseListInstances(body).instances.map((instance) => instance.instanceId);
 */
export function parseListInstances(body: string, options: { format?: 'json' | 'xml' } = {}): ParsedListInstances {
  const format = checkFormat(options.format, 'parseListInstances');
  const response = readListing(swasListInstancesResponseSchema, body, {
    format,
    arrayTags: SWAS_LIST_INSTANCES_ARRAY_TAGS,
    action: 'ListInstances',
    listingField: 'Instances',
    product: 'swas',
  });
  if (response.RequestId === undefined) throw new DecodeError({ reason: 'RequestId is missing', body });
  const instances = response.Instances.map((wire, index): SwasInstance => {
    if (wire.InstanceId === undefined) {
      throw new DecodeError({ reason: `Instances.${index}.InstanceId is missing`, body, requestId: response.RequestId });
    }
    const instance: SwasInstance = { instanceId: wire.InstanceId };
    if (wire.InstanceName !== undefined) instance.instanceName = wire.InstanceName;
    if (wire.RegionId !== undefined) instance.regionId = wire.RegionId;
    if (wire.Status !== undefined) instance.status = wire.Status;
    return instance;
  });
  return { requestId: response.RequestId, instances, ...pageFields(response) };
}
