/** A disk of a Simple Application Server instance (ListInstancesResponseBodyInstancesDisks in the official SDK). */
export interface SwasDisk {
  Category: string;
  CreationTime: string;
  Device: string;
  DiskChargeType: string;
  DiskId: string;
  DiskName: string;
  DiskTags: { Key: string; Value: string }[];
  DiskType: 'system' | 'data';
  RegionId: string;
  Remark: string;
  ResourceGroupId: string;
  Size: number;
  Status: string;
}

/**
 * A Simple Application Server instance as ListInstances returns it: every field of
 * ListInstancesResponseBodyInstances in `@alicloud/swas-open20200601` 4.0.0.
 */
export interface SwasInstance {
  InstanceId: string;
  InstanceName: string;
  RegionId: string;
  Status: 'Running' | 'Stopped' | 'Starting' | 'Pending' | 'Stopping' | 'Resetting' | 'Upgrading' | 'Disabled';
  BusinessStatus: 'Normal' | 'Expired' | 'Overdue';
  ChargeType: 'PrePaid';
  Combination: boolean;
  CombinationInstanceId: string;
  CreationTime: string;
  DdosStatus: 'Normal' | 'BlackHole' | 'Defense';
  DisableReason: string;
  Disks: SwasDisk[];
  ExpiredTime: string;
  Image: { ImageContact: string; ImageIconUrl: string; ImageName: string; ImageType: string; ImageVersion: string; OsType: string };
  ImageId: string;
  InnerIpAddress: string;
  NetworkAttributes: { PeakBandwidth: number; PrivateIpAddress: string; PublicIpAddress: string; PublicIpDdosStatus: string }[];
  PlanId: string;
  PlanType: string;
  PublicIpAddress: string;
  ResourceGroupId: string;
  ResourceSpec: { Bandwidth: number; Cpu: number; DiskCategory: string; DiskSize: number; Flow: number; Memory: number };
  Tags: { Key: string; Value: string }[];
  Uuid: string;
}

/** SWAS instances per region, for ListInstances and for RunCommand's instance checks. */
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

  /** One instance of a region, or undefined. */
  get(region: string, instanceId: string): SwasInstance | undefined {
    return this.byRegion.get(region)?.find((instance) => instance.InstanceId === instanceId);
  }

  /** Regions that hold instances. */
  regions(): string[] {
    return [...this.byRegion.keys()].filter((region) => (this.byRegion.get(region)?.length ?? 0) > 0);
  }

  /** Number of instances, overall or in one region. */
  count(region?: string): number {
    if (region) return this.byRegion.get(region)?.length ?? 0;
    let total = 0;
    for (const list of this.byRegion.values()) total += list.length;
    return total;
  }
}
