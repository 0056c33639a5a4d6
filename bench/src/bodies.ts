// Realistic DescribeInvocations response bodies for the three products, generated from a seed so
// every run (and every machine) measures the same bytes. Field names and types follow
// ../shared/docs/products.md section 2; the values look like the seeds' examples.

/** A deterministic pseudo-random generator (mulberry32): the same seed gives the same bodies. */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Shape of one generated page. */
export interface PageOptions {
  /** Invocations on the page (default 50, the services' maximum PageSize). */
  invocations?: number;
  /** Targets (instances or nodes) per invocation (default 10; SWAS has none). */
  targets?: number;
  /** Bytes of plain output per target before Base64 (default 256: a few KB per invocation of 10 targets). */
  outputBytes?: number;
  /** Seed of the generator (default 1). */
  seed?: number;
  /** Index of the first invocation, so pages of one listing do not repeat ids. */
  startIndex?: number;
  /** TotalCount to report (ECS, SWAS; default 10,000). */
  totalCount?: number;
  /** The command's script before Base64 (default a six-line nginx install). */
  script?: string;
}

type Wire = Record<string, unknown>;

const TARGET_STATUSES = ['Success', 'Success', 'Success', 'Success', 'Failed', 'Running', 'Timeout', 'Cancelled'];
const LOG_LINES = [
  'Reading package lists... Done',
  'Building dependency tree... Done',
  'nginx is already the newest version (1.18.0-6ubuntu14.4).',
  '0 upgraded, 0 newly installed, 0 to remove and 12 not upgraded.',
  '● nginx.service - A high performance web server and a reverse proxy server',
  '   Active: active (running) since Tue 2024-03-12 06:15:55 UTC; 3 days ago',
  'Filesystem      Size  Used Avail Use% Mounted on',
  '/dev/vda1        40G   12G   26G  32% /',
  '中文输出：命令执行完成',
];

function base64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}

function outputText(random: () => number, bytes: number): string {
  let text = '';
  while (Buffer.byteLength(text) < bytes) {
    text += `${LOG_LINES[Math.floor(random() * LOG_LINES.length)]}\n`;
  }
  return text;
}

function isoTime(base: number, offsetSeconds: number): string {
  return new Date(base + offsetSeconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function hex(random: () => number, length: number): string {
  let out = '';
  while (out.length < length) out += Math.floor(random() * 36).toString(36);
  return out;
}

const BASE_TIME = Date.UTC(2024, 2, 12, 6, 0, 0);
const SCRIPT = '#!/bin/bash\nset -euo pipefail\napt-get update -y\napt-get install -y nginx\nsystemctl status nginx --no-pager\ndf -h\n';

function overall(statuses: string[]): { invocationStatus: string; invokeStatus: string } {
  if (statuses.includes('Running')) return { invocationStatus: 'Running', invokeStatus: 'Running' };
  const failed = statuses.filter((s) => s === 'Failed' || s === 'Timeout').length;
  const success = statuses.filter((s) => s === 'Success').length;
  if (failed === 0 && success > 0) return { invocationStatus: 'Success', invokeStatus: 'Finished' };
  if (success === 0 && failed > 0) return { invocationStatus: 'Failed', invokeStatus: 'Failed' };
  if (success === 0 && failed === 0) return { invocationStatus: 'Stopped', invokeStatus: 'Stopped' };
  return { invocationStatus: 'PartialFailed', invokeStatus: 'PartialFailed' };
}

function targetsOf(random: () => number, count: number, outputBytes: number, index: number, kind: 'ecs' | 'eflo'): Wire[] {
  const targets: Wire[] = [];
  for (let t = 0; t < count; t++) {
    const status = TARGET_STATUSES[Math.floor(random() * TARGET_STATUSES.length)]!;
    const start = index * 60 + t;
    const finished = status !== 'Running' && status !== 'Cancelled';
    const base: Wire = {
      InvocationStatus: status,
      CreationTime: isoTime(BASE_TIME, start),
      StartTime: status === 'Cancelled' ? '' : isoTime(BASE_TIME, start + 1),
      FinishTime: finished ? isoTime(BASE_TIME, start + 3) : '',
      StopTime: status === 'Cancelled' ? isoTime(BASE_TIME, start + 2) : '',
      UpdateTime: isoTime(BASE_TIME, start + 3),
      Repeats: status === 'Cancelled' ? 0 : 1,
      ExitCode: status === 'Failed' ? 1 : 0,
      Output: status === 'Cancelled' ? '' : base64(outputText(random, outputBytes)),
      Dropped: 0,
      ErrorCode: status === 'Failed' ? 'InstanceNotExists' : status === 'Timeout' ? 'ExecutionTimeout' : '',
      ErrorInfo: status === 'Failed' ? 'the specified instance does not exists' : status === 'Timeout' ? 'the command execution has timed out' : '',
    };
    if (kind === 'ecs') {
      targets.push({
        InstanceId: `i-bp1${hex(random, 17)}`,
        InstanceInvokeStatus: finished ? 'Finished' : status === 'Running' ? 'Running' : 'Stopped',
        Timed: false,
        OssOutputStatus: 'Disabled',
        OssOutputUri: '',
        ...base,
      });
    } else {
      targets.push({
        NodeId: `e01-cn-${hex(random, 11)}`,
        NodeInvokeStatus: finished ? 'Finished' : status === 'Running' ? 'Running' : 'Stopped',
        Timed: 'false',
        ...base,
      });
    }
  }
  return targets;
}

/** Wire invocations of ECS (`Invocations.Invocation[]` items), as JSON-ready objects. */
export function ecsInvocations(options: PageOptions = {}): Wire[] {
  const { invocations = 50, targets = 10, outputBytes = 256, seed = 1, startIndex = 0, script = SCRIPT } = options;
  const random = createRandom(seed * 7919 + startIndex);
  const list: Wire[] = [];
  for (let i = 0; i < invocations; i++) {
    const index = startIndex + i;
    const instances = targetsOf(random, targets, outputBytes, index, 'ecs');
    const status = overall(instances.map((t) => t.InvocationStatus as string));
    list.push({
      InvokeId: `t-hz${index.toString(36).padStart(6, '0')}${hex(random, 6)}`,
      CommandId: `c-hz${hex(random, 12)}`,
      CommandName: `install-nginx-${index % 7}`,
      CommandDescription: 'Installs nginx and reports disk usage',
      CommandType: 'RunShellScript',
      CommandContent: base64(script),
      Parameters: index % 3 === 0 ? '{"version":"1.18","force":true}' : '{}',
      RepeatMode: 'Once',
      Frequency: '',
      Timed: false,
      Timeout: 60,
      Username: 'root',
      WorkingDir: '/root',
      CreationTime: isoTime(BASE_TIME, index * 60),
      InvocationStatus: status.invocationStatus,
      InvokeStatus: status.invokeStatus,
      TerminationMode: 'Process',
      Tags: { Tag: [{ TagKey: 'team', TagValue: 'platform' }] },
      InvokeInstances: { InvokeInstance: instances },
    });
  }
  return list;
}

/** Wire invocations of eflo (`Invocations.Invocation[]` with `InvokeNodes.InvokeNode[]`). */
export function efloInvocations(options: PageOptions = {}): Wire[] {
  const { invocations = 50, targets = 10, outputBytes = 256, seed = 1, startIndex = 0, script = SCRIPT } = options;
  const random = createRandom(seed * 104729 + startIndex);
  const list: Wire[] = [];
  for (let i = 0; i < invocations; i++) {
    const index = startIndex + i;
    const nodes = targetsOf(random, targets, outputBytes, index, 'eflo');
    const status = overall(nodes.map((t) => t.InvocationStatus as string));
    list.push({
      InvokeId: `t-cd${index.toString(36).padStart(6, '0')}${hex(random, 6)}`,
      CommandName: `nccl-check-${index % 5}`,
      CommandDescription: 'Checks the GPU interconnect',
      CommandContent: base64(script),
      Parameters: '{}',
      RepeatMode: 'Once',
      Frequency: '',
      Timeout: 60,
      Username: 'root',
      WorkingDir: '/root',
      CreationTime: isoTime(BASE_TIME, index * 60),
      InvocationStatus: status.invocationStatus,
      InvokeStatus: status.invokeStatus,
      InvokeNodes: { InvokeNode: nodes },
    });
  }
  return list;
}

/** Wire invocations of SWAS (flat `Invocations[]`; no targets, Parameters a map). */
export function swasInvocations(options: PageOptions = {}): Wire[] {
  const { invocations = 50, seed = 1, startIndex = 0, script = SCRIPT } = options;
  const random = createRandom(seed * 15485863 + startIndex);
  const list: Wire[] = [];
  for (let i = 0; i < invocations; i++) {
    const index = startIndex + i;
    const status = TARGET_STATUSES[Math.floor(random() * TARGET_STATUSES.length)]!;
    list.push({
      InvokeId: `t-sw${index.toString(36).padStart(6, '0')}${hex(random, 6)}`,
      CommandName: `install-nginx-${index % 7}`,
      CommandType: 'RunShellScript',
      CommandContent: base64(script),
      Parameters: index % 3 === 0 ? { version: '1.18', port: '8080' } : {},
      CreationTime: isoTime(BASE_TIME, index * 60),
      InvocationStatus: status,
      InvokeStatus: status === 'Running' ? 'Running' : status === 'Success' ? 'Finished' : status === 'Cancelled' ? 'Stopped' : 'Failed',
    });
  }
  return list;
}

/** A product whose DescribeInvocations bodies this module generates. */
export type BodyProduct = 'ecs' | 'swas' | 'eflo';

/** The whole response object of one page, before serialisation. */
export function responseObject(product: BodyProduct, options: PageOptions = {}): Wire {
  const requestId = '473469C7-AA6F-4DC5-B3DB-A3DC0DE3C83E';
  const pageNumber = Math.floor((options.startIndex ?? 0) / (options.invocations ?? 50)) + 1;
  if (product === 'ecs') {
    return {
      RequestId: requestId,
      TotalCount: options.totalCount ?? 10_000,
      PageNumber: pageNumber,
      PageSize: options.invocations ?? 50,
      Invocations: { Invocation: ecsInvocations(options) },
    };
  }
  if (product === 'swas') {
    return {
      RequestId: requestId,
      TotalCount: options.totalCount ?? 10_000,
      PageNumber: pageNumber,
      PageSize: options.invocations ?? 50,
      Invocations: swasInvocations(options),
    };
  }
  return { RequestId: requestId, Invocations: { Invocation: efloInvocations(options) } };
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function xmlElement(name: string, value: unknown, out: string[]): void {
  if (Array.isArray(value)) {
    // Alibaba's XML repeats the element for each item of a list.
    for (const item of value) xmlElement(name, item, out);
    return;
  }
  if (value !== null && typeof value === 'object') {
    out.push(`<${name}>`);
    for (const [key, child] of Object.entries(value)) xmlElement(key, child, out);
    out.push(`</${name}>`);
    return;
  }
  out.push(`<${name}>${escapeXml(value === null || value === undefined ? '' : String(value))}</${name}>`);
}

/** Serialises a response object as the services do with `Format=XML`: `<DescribeInvocationsResponse>` root. */
export function toXml(response: Wire, root = 'DescribeInvocationsResponse'): string {
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  xmlElement(root, response, out);
  return out.join('');
}

/** One page body of a product as JSON or XML text. */
export function pageBody(product: BodyProduct, format: 'json' | 'xml', options: PageOptions = {}): string {
  const response = responseObject(product, options);
  return format === 'json' ? JSON.stringify(response) : toXml(response);
}
