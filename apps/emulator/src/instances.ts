/** A Simple Application Server instance as ListInstances returns it. */
export interface SwasInstance {
  InstanceId: string;
  InstanceName: string;
  RegionId: string;
  Status: 'Running' | 'Stopped' | 'Starting' | 'Pending' | 'Stopping' | 'Resetting' | 'Upgrading' | 'Disabled';
  BusinessStatus: 'Normal' | 'Expired' | 'Overdue';
  ChargeType: 'PrePaid';
  PlanId: string;
  ImageId: string;
  PublicIpAddress: string;
  InnerIpAddress: string;
  CreationTime: string;
  ExpiredTime: string;
  ResourceGroupId: string;
  DisableReason: string;
  Uuid: string;
}

/** SWAS instances per region, for ListInstances. */
export class SwasInstanceStore {
  private readonly byRegion = new Map<string, SwasInstance[]>();

  /** Adds an instance (replacing one with the same id in its region). */
  add(instance: SwasInstance): void {
    const list = (this.byRegion.get(instance.RegionId) ?? []).filter((item) => item.InstanceId !== instance.InstanceId);
    list.push(instance);
    this.byRegion.set(instance.RegionId, list);
  }

  /** The instances of a region, in creation order. */
  list(region: string): SwasInstance[] {
    return (this.byRegion.get(region) ?? []).slice();
  }

  /** Number of instances, overall or in one region. */
  count(region?: string): number {
    if (region) return this.byRegion.get(region)?.length ?? 0;
    let total = 0;
    for (const list of this.byRegion.values()) total += list.length;
    return total;
  }
}
