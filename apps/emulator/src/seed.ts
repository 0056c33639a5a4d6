import type { SwasInstance } from './instances.js';
import { createPrng, type Prng } from './prng.js';
import { buildInvocation, randomIdBody, regionCode, type EmulatorState } from './state.js';
import type { Product, StoredInvocation, TargetOutcome, TargetPlan } from './types.js';

/** Regions the seed fills, per product (every product covers cn-hangzhou and cn-shanghai). */
export const SEED_REGIONS: Record<Product, readonly string[]> = {
  ecs: ['cn-hangzhou', 'cn-shanghai', 'cn-beijing'],
  swas: ['cn-hangzhou', 'cn-shanghai'],
  eflo: ['cn-hangzhou', 'cn-shanghai', 'cn-wulanchabu'],
};

/** How much the seed creates. */
export interface SeedOptions {
  /** Invocations per product and region. Default 120. */
  perRegion?: number;
  /** SWAS instances per region. Default 6. */
  swasInstances?: number;
}

const DAY = 86_400_000;
const MINUTE = 60_000;

const SCRIPTS: { name: string; content: string; output: string; type?: string }[] = [
  { name: 'check-disk', content: 'df -h /', output: 'Filesystem      Size  Used Avail Use% Mounted on\n/dev/vda1        40G  9.1G   29G  25% /\n' },
  { name: 'restart-nginx', content: 'systemctl restart nginx\necho ok', output: 'ok\n' },
  { name: '部署应用', content: 'cd /opt/app && ./deploy.sh\necho "部署完成"', output: '开始部署...\n拉取镜像成功\n部署完成\n' },
  { name: 'uptime', content: 'uptime', output: ' 10:21:07 up 12 days,  3:04,  0 users,  load average: 0.08, 0.03, 0.01\n' },
  { name: 'yum-update', content: 'yum -y update', output: 'Loaded plugins: fastestmirror\nNo packages marked for update\n' },
  { name: 'nvidia-smi', content: 'nvidia-smi --query-gpu=name,utilization.gpu --format=csv', output: 'name, utilization.gpu [%]\nNVIDIA A100-SXM4-80GB, 97 %\nNVIDIA A100-SXM4-80GB, 95 %\n' },
  { name: 'big-log', content: 'cat /var/log/messages', output: '' },
  { name: 'win-ipconfig', content: 'ipconfig /all', output: 'Windows IP 配置\r\n   主机名  . . . . . . . . . . . . . : iZbp1example\r\n', type: 'RunPowerShellScript' },
  { name: '', content: 'echo $HOSTNAME', output: 'iZbp1abcdefghijkZ\n' },
];

interface Scenario {
  name: string;
  weight: number;
  products?: readonly Product[];
}

const SCENARIOS: Scenario[] = [
  { name: 'success', weight: 40 },
  { name: 'failed', weight: 10 },
  { name: 'timeout', weight: 4 },
  { name: 'error', weight: 3 },
  { name: 'missing', weight: 5 },
  { name: 'aborted', weight: 3 },
  { name: 'partial', weight: 8, products: ['ecs', 'eflo'] },
  { name: 'terminated', weight: 4, products: ['ecs', 'eflo'] },
  { name: 'cancelled', weight: 3, products: ['ecs', 'eflo'] },
  { name: 'periodic', weight: 6, products: ['ecs', 'eflo'] },
  { name: 'periodic-stopped', weight: 2, products: ['ecs', 'eflo'] },
  { name: 'reboot', weight: 2, products: ['ecs', 'eflo'] },
  { name: 'running', weight: 6 },
  { name: 'pending', weight: 3 },
];

function pickScenario(prng: Prng, product: Product): string {
  const usable = SCENARIOS.filter((scenario) => !scenario.products || scenario.products.includes(product));
  const total = usable.reduce((sum, scenario) => sum + scenario.weight, 0);
  let roll = prng.next() * total;
  for (const scenario of usable) {
    roll -= scenario.weight;
    if (roll < 0) return scenario.name;
  }
  return 'success';
}

const ECS_PREFIX: Record<string, string> = { 'cn-hangzhou': 'bp1', 'cn-shanghai': 'uf6', 'cn-beijing': '2ze' };

function targetId(product: Product, region: string, prng: Prng): string {
  const random = () => prng.next();
  if (product === 'eflo') return `e01-${region}-${randomIdBody(11, random)}`;
  return `i-${ECS_PREFIX[region] ?? 'xx1'}${randomIdBody(17, random)}`;
}

function bigOutput(): string {
  const lines: string[] = [];
  for (let index = 0; index < 900; index++) lines.push(`Nov 23 10:${String(index % 60).padStart(2, '0')}:00 host kernel: 日志行 ${index} ok`);
  return `${lines.join('\n')}\n`;
}

function plan(id: string, outcome: TargetOutcome, output: string, runMs: number, extra: Partial<TargetPlan> = {}): TargetPlan {
  return { id, outcome, dispatchMs: 800, runMs, output, ...extra };
}

const PLANS = [
  { id: 'swas.s.c2m1s40b1.linux', cpu: 2, memory: 1, disk: 40, bandwidth: 3, flow: 1024 },
  { id: 'swas.s.c2m2s50b3.linux', cpu: 2, memory: 2, disk: 50, bandwidth: 4, flow: 1536 },
  { id: 'swas.s.c2m4s80b4.linux', cpu: 2, memory: 4, disk: 80, bandwidth: 5, flow: 2048 },
];
const IMAGES: Record<string, SwasInstance['Image']> = {
  '794190a6b6bb4d7fa2c8b4bd6a8b0c11': { ImageContact: '', ImageIconUrl: '', ImageName: 'Alibaba Cloud Linux 3.2104', ImageType: 'system', ImageVersion: '3.2104', OsType: 'linux' },
  e1b1ef5c0a7b4f0c9a6a0c4b3f2e1d0c: { ImageContact: '', ImageIconUrl: '', ImageName: 'WordPress 6.4', ImageType: 'app', ImageVersion: '6.4', OsType: 'linux' },
};

function wireDate(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * One seeded instance. The fields older seeds had are drawn from `prng` in the same order as before,
 * so the invocations that follow stay the same for a seed; the fields added later (disks, image,
 * network, spec, tags, plan type) come from `extra`, a PRNG of their own.
 */
function swasInstance(region: string, index: number, prng: Prng, extra: Prng, now: number): SwasInstance {
  const hex = () => Math.floor(prng.next() * 16).toString(16);
  const id = Array.from({ length: 32 }, hex).join('');
  const created = now - prng.int(30, 400) * DAY;
  const status = index === 0 ? 'Stopped' : 'Running';
  const planId = prng.pick(PLANS.map((plan) => plan.id));
  const imageId = prng.pick(Object.keys(IMAGES));
  const publicIp = `47.${prng.int(90, 120)}.${prng.int(0, 255)}.${prng.int(1, 254)}`;
  const innerIp = `172.16.${prng.int(0, 255)}.${prng.int(1, 254)}`;
  const plan = PLANS.find((candidate) => candidate.id === planId) ?? (PLANS[0] as (typeof PLANS)[number]);
  const resourceGroupId = extra.pick(['rg-acfmzw2jz2z****', 'rg-aek2bdhm5zi****']);
  const diskId = `d-${region === 'cn-hangzhou' ? 'bp1' : 'uf6'}${Array.from({ length: 17 }, () => Math.floor(extra.next() * 36).toString(36)).join('')}`;
  const tags = extra.chance(0.6) ? [{ Key: 'env', Value: extra.pick(['prod', 'staging', 'dev']) }] : [];
  return {
    InstanceId: id,
    InstanceName: `swas-${region}-${index + 1}`,
    RegionId: region,
    Status: status,
    BusinessStatus: 'Normal',
    ChargeType: 'PrePaid',
    Combination: false,
    CombinationInstanceId: '',
    CreationTime: wireDate(created),
    DdosStatus: 'Normal',
    DisableReason: '',
    Disks: [
      {
        Category: 'ESSD',
        CreationTime: wireDate(created),
        Device: '/dev/xvda',
        DiskChargeType: 'PrePaid',
        DiskId: diskId,
        DiskName: 'SystemDisk',
        DiskTags: [],
        DiskType: 'system',
        RegionId: region,
        Remark: '',
        ResourceGroupId: resourceGroupId,
        Size: plan.disk,
        Status: 'In_use',
      },
    ],
    ExpiredTime: wireDate(created + 365 * DAY),
    Image: IMAGES[imageId] as SwasInstance['Image'],
    ImageId: imageId,
    InnerIpAddress: innerIp,
    NetworkAttributes: [{ PeakBandwidth: plan.bandwidth * 20, PrivateIpAddress: innerIp, PublicIpAddress: publicIp, PublicIpDdosStatus: 'Normal' }],
    PlanId: planId,
    PlanType: index === 5 ? 'MULTI_IP' : 'NORMAL',
    PublicIpAddress: publicIp,
    ResourceGroupId: resourceGroupId,
    ResourceSpec: { Bandwidth: plan.bandwidth, Cpu: plan.cpu, DiskCategory: 'ESSD', DiskSize: plan.disk, Flow: plan.flow, Memory: plan.memory },
    Tags: tags,
    Uuid: id,
  };
}

function scenarioInvocation(
  product: Product,
  region: string,
  scenario: string,
  prng: Prng,
  state: EmulatorState,
  swasIds: readonly string[],
): StoredInvocation {
  const now = state.clock.now();
  const script = prng.pick(SCRIPTS.filter((candidate) => product === 'ecs' || !candidate.type));
  const output = script.name === 'big-log' ? bigOutput() : script.output;
  const ids =
    product === 'swas'
      ? [prng.pick(swasIds)]
      : Array.from({ length: scenario === 'partial' ? prng.int(2, 4) : prng.int(1, 3) }, () => targetId(product, region, prng));
  const finishedAt = now - prng.int(10, 13 * 24 * 60) * MINUTE;
  let createdAt = finishedAt;
  let repeatMode = 'Once';
  let frequency = '';
  let timeoutSeconds = prng.pick([60, 60, 300, 3600]);
  let targets: TargetPlan[];
  let stopOffset: number | undefined;
  const runMs = prng.int(200, 30_000);
  const missingCode = product === 'eflo' ? ['NodeNotExists', 'the specified node does not exists'] : ['InstanceNotExists', 'the specified instance does not exists'];

  switch (scenario) {
    case 'failed': {
      const exitCode = prng.pick([1, 2, 127, 255]);
      targets = ids.map((id) => plan(id, 'failed', prng.chance(0.5) ? `${output}error: 命令执行失败\n` : 'command not found\n', runMs, { exitCode }));
      break;
    }
    case 'timeout':
      timeoutSeconds = 60;
      targets = ids.map((id) => plan(id, 'timeout', output, 60_000));
      break;
    case 'error':
      targets = ids.map((id) => plan(id, 'error', '', runMs, { errorCode: 'ExecutionException', errorInfo: 'the command execution got an exception' }));
      break;
    case 'missing':
      targets = ids.map((id) => plan(id, 'invalid', '', 0, { errorCode: missingCode[0], errorInfo: missingCode[1] }));
      break;
    case 'aborted':
      targets = ids.map((id) =>
        plan(id, 'aborted', '', 0, prng.chance(0.5)
          ? { errorCode: 'ClientNotRunning', errorInfo: 'the aliyun service is not running on the instance' }
          : { errorCode: 'DeliveryTimeout', errorInfo: 'the command delivery has been timeout' }),
      );
      break;
    case 'partial':
      targets = ids.map((id, index) => (index === 0 ? plan(id, 'failed', 'permission denied\n', runMs, { exitCode: 1 }) : plan(id, 'success', output, runMs)));
      break;
    case 'terminated':
      targets = ids.map((id) => plan(id, 'success', output, 20 * MINUTE));
      stopOffset = 800 + MINUTE;
      break;
    case 'cancelled':
      targets = ids.map((id) => plan(id, 'success', output, runMs, { dispatchMs: 5 * MINUTE }));
      stopOffset = MINUTE;
      break;
    case 'periodic':
    case 'periodic-stopped':
      repeatMode = 'Period';
      frequency = prng.pick(['rate(1h)', 'rate(30m)', '0 */20 * * * *']);
      createdAt = now - prng.int(1, 6) * DAY;
      targets = ids.map((id) => (prng.chance(0.8) ? plan(id, 'success', output, runMs) : plan(id, 'failed', 'retry later\n', runMs, { exitCode: 3 })));
      if (scenario === 'periodic-stopped') stopOffset = prng.int(2, 20) * 60 * MINUTE;
      break;
    case 'reboot':
      repeatMode = prng.pick(['EveryReboot', 'NextRebootOnly']);
      targets = ids.map((id) => plan(id, 'success', output, runMs));
      break;
    case 'running':
      createdAt = now - prng.int(2, 120) * 1000;
      timeoutSeconds = 3600;
      targets = ids.map((id) => plan(id, 'success', output, 30 * MINUTE));
      break;
    case 'pending':
      createdAt = now - prng.int(0, 5) * 1000;
      targets = ids.map((id) => plan(id, 'success', output, runMs, { dispatchMs: 10 * MINUTE }));
      break;
    default:
      targets = ids.map((id) => plan(id, 'success', output, runMs));
  }
  if (repeatMode === 'Once' && scenario !== 'running' && scenario !== 'pending') {
    // Back-date so the run has ended `finishedAt`.
    const longest = Math.max(...targets.map((target) => target.dispatchMs + Math.min(target.runMs, timeoutSeconds * 1000)));
    createdAt = finishedAt - longest;
  }
  const random = () => prng.next();
  const invocation = buildInvocation(
    {
      product,
      region,
      invokeId: `t-${regionCode(region)}${randomIdBody(14, random)}`,
      ...(product === 'ecs' ? { commandId: `c-${regionCode(region)}${randomIdBody(14, random)}` } : {}),
      commandName: script.name,
      ...(product !== 'eflo' ? { commandType: script.type ?? 'RunShellScript' } : {}),
      commandDescription: prng.chance(0.3) ? '运维脚本' : '',
      commandContent: script.content,
      parameters: prng.chance(0.2) ? { version: `v${prng.int(1, 9)}.${prng.int(0, 20)}` } : {},
      repeatMode,
      frequency,
      timeoutSeconds,
      createdAt,
      ...(product === 'ecs' && prng.chance(0.3) ? { resourceGroupId: prng.pick(['rg-acfmzw2jz2z****', 'rg-aek2bdhm5zi****']) } : {}),
      tags: product === 'ecs' && prng.chance(0.4) ? [{ key: 'env', value: prng.pick(['prod', 'staging', 'dev']) }] : [],
      targets,
    },
    state,
    random,
  );
  if (stopOffset !== undefined) {
    for (const target of invocation.targets) invocation.stops.set(target.id, createdAt + stopOffset);
    // Seeded history keeps runs that were cut short, so Terminated appears in the data.
    if (scenario === 'terminated') invocation.stopBehaviour = 'terminate';
  }
  return invocation;
}

/**
 * Fills the state with a deterministic mix for `seed`: every product in cn-hangzhou and cn-shanghai
 * (and one more region), all statuses, Chinese output, outputs over 24 KB, periodic and stopped
 * invocations, and SWAS instances for ListInstances. Times are relative to the clock's now.
 */
export function seedState(state: EmulatorState, seed: number, options: SeedOptions = {}): void {
  const prng = createPrng(seed);
  const extra = createPrng((seed ^ 0x1f2e_3d4c) >>> 0);
  const perRegion = options.perRegion ?? 120;
  const now = state.clock.now();
  const swasIds = new Map<string, string[]>();
  for (const region of SEED_REGIONS.swas) {
    const ids: string[] = [];
    for (let index = 0; index < (options.swasInstances ?? 6); index++) {
      const instance = swasInstance(region, index, prng, extra, now);
      state.instances.add(instance);
      ids.push(instance.InstanceId);
    }
    swasIds.set(region, ids);
  }
  for (const product of ['ecs', 'swas', 'eflo'] as const) {
    for (const region of SEED_REGIONS[product]) {
      for (let index = 0; index < perRegion; index++) {
        const scenario = pickScenario(prng, product);
        state.store.insert(scenarioInvocation(product, region, scenario, prng, state, swasIds.get(region) ?? ['missing-instance']));
      }
    }
  }
}
