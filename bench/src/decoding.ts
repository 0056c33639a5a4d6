// Benchmark 1: decoding. Canonical invocations per second from realistic 50-invocation pages (two shapes:
// the usual page, and one of 2 KB outputs with short commands), for
// each adapter's parseDescribeInvocations, against the floors (JSON.parse, fast-xml-parser alone)
// and the official SDK's model classes, all timed in the same run.
import { parseDescribeInvocations as parseEcs } from '@invocations/ecs';
import { parseDescribeInvocations as parseEflo } from '@invocations/eflo';
import { decodeBody } from '@invocations/openapi';
import { parseDescribeInvocations as parseSwas } from '@invocations/swas';
import { XMLParser } from 'fast-xml-parser';
import { type BodyProduct, pageBody } from './bodies.js';
import { type Candidate, type TargetCheck, checkTarget, printTable, timeCandidatesByCpu, writeResult } from './harness.js';
import { officialEcs, officialSwas } from './official.js';

const INVOCATIONS_PER_PAGE = 50;

/** The element names each product's XML lists use (what the adapters pass to decodeBody as arrayTags). */
export const XML_ARRAY_TAGS: Record<BodyProduct, readonly string[]> = {
  ecs: ['Invocation', 'InvokeInstance', 'Tag'],
  swas: ['Invocations'],
  eflo: ['Invocation', 'InvokeNode'],
};

/** The floor: fast-xml-parser with the value options of `decodeBody` (packages/openapi/src/transport/xml-document.ts), without its depth limit and path-aware lists. */
export function floorXmlParser(arrayTags: readonly string[]): XMLParser {
  const names = new Set(arrayTags);
  return new XMLParser({
    ignoreAttributes: true,
    ignoreDeclaration: true,
    ignorePiTags: true,
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: false,
    processEntities: true,
    htmlEntities: true,
    isArray: (name) => names.has(name),
  });
}

type Parse = (body: string, options: { format: 'json' | 'xml' }) => { invocations: unknown[] };

const PARSERS: Record<BodyProduct, Parse> = {
  ecs: (body, options) => parseEcs(body, options),
  swas: (body, options) => parseSwas(body, { ...options, instanceId: 'ebab0c8e5a2e4d3a9e5c5b8a0b2d****' }),
  eflo: (body, options) => parseEflo(body, options),
};

/** Reads every target's output of a parsed page (a long one is decoded on its first read). */
function readOutputs(page: { invocations: unknown[] }): number {
  let length = 0;
  for (const invocation of page.invocations as { targets: { output?: string }[] }[]) {
    for (const target of invocation.targets) length += target.output?.length ?? 0;
  }
  return length;
}

/** What a user of the official SDK does to read the outputs: its cast, then Buffer on each Base64 output. */
function officialWithOutputs(official: { decode(text: string): object }, text: string): number {
  const response = official.decode(text) as { body: { invocations?: { invocation?: { invokeInstances?: { invokeInstance?: { output?: string }[] } }[] } } };
  let length = 0;
  for (const invocation of response.body.invocations?.invocation ?? []) {
    for (const target of invocation.invokeInstances?.invokeInstance ?? []) length += Buffer.from(target.output ?? '', 'base64').toString('utf8').length;
  }
  return length;
}

function decodeOutputs(text: string): number {
  // The cheapest correct extra work the official classes skip: Base64 of CommandContent and Output.
  const body = JSON.parse(text) as { Invocations: { Invocation?: Record<string, unknown>[] } | Record<string, unknown>[] };
  const list = Array.isArray(body.Invocations) ? body.Invocations : (body.Invocations.Invocation ?? []);
  let length = 0;
  for (const invocation of list) {
    length += Buffer.from(String(invocation.CommandContent ?? ''), 'base64').toString('utf8').length;
    const targets = ((invocation.InvokeInstances ?? invocation.InvokeNodes) as Record<string, Record<string, unknown>[]> | undefined) ?? {};
    for (const target of targets.InvokeInstance ?? targets.InvokeNode ?? []) {
      length += Buffer.from(String(target.Output ?? ''), 'base64').toString('utf8').length;
    }
  }
  return length;
}

/** Checks before timing that every candidate really decodes the body (a fast wrong parser proves nothing). */
function sanity(product: BodyProduct, format: 'json' | 'xml', body: string): void {
  const result = PARSERS[product](body, { format });
  if (result.invocations.length !== INVOCATIONS_PER_PAGE) {
    throw new Error(`${product} ${format}: parsed ${result.invocations.length} invocations, expected ${INVOCATIONS_PER_PAGE}`);
  }
  const first = result.invocations[0] as { commandContent?: string; targets: { output?: string }[] };
  if (!first.commandContent?.startsWith('#!/bin/bash') && first.commandContent !== SHORT_SCRIPT) throw new Error(`${product} ${format}: CommandContent was not decoded`);
  if (product !== 'swas' && !first.targets.some((t) => t.output?.includes('\n'))) throw new Error(`${product} ${format}: Output was not decoded`);
}

/** A one-line command, as many real invocations are (`uptime`, `systemctl restart x`). */
const SHORT_SCRIPT = 'uptime\n';

/** The two page shapes: the bench's usual page, and one whose outputs dominate the body. */
const SHAPES = [
  { name: 'page', title: '10 targets, 256 B of output each', options: {}, xml: true },
  // 1,536 bytes of output are 2 KB of Base64: each target carries 2 KB, the command is one short line.
  { name: '2 KB outputs', title: '10 targets, 2 KB of Base64 output each, short commands', options: { outputBytes: 1536, script: SHORT_SCRIPT }, xml: false },
] as const;

/** Runs the decoding benchmark and returns the checked targets. */
export async function runDecoding(options: { timeMs?: number; rounds?: number } = {}): Promise<TargetCheck[]> {
  const checks: TargetCheck[] = [];
  const report: Record<string, unknown> = {};
  for (const shape of SHAPES) {
    console.log(`\n== Decoding (CPU time per page): 50-invocation pages (${shape.title}; SWAS has no targets) ==`);
    for (const product of ['ecs', 'swas', 'eflo'] as const) {
      const json = pageBody(product, 'json', shape.options);
      const xml = pageBody(product, 'xml', shape.options);
      sanity(product, 'json', json);
      if (shape.xml) sanity(product, 'xml', xml);
      const parser = floorXmlParser(XML_ARRAY_TAGS[product]);
      const parse = PARSERS[product];
      const official = product === 'ecs' ? officialEcs : product === 'swas' ? officialSwas : undefined;
      // Reading every output: ours for the products with targets, the official classes' for ECS.
      const withTargets = product !== 'swas';
      const officialOutputs = product === 'ecs';
      if (officialOutputs && officialWithOutputs(officialEcs, json) !== readOutputs(parse(json, { format: 'json' }))) {
        throw new Error(`${product} ${shape.name}: the official classes and ours read different outputs`);
      }
      const candidates: Candidate[] = [
        { name: 'JSON.parse', fn: () => JSON.parse(json) },
        { name: 'JSON.parse + Base64', fn: () => decodeOutputs(json) },
        ...(official ? [{ name: 'official classes', fn: () => official.decode(json) }] : []),
        ...(officialOutputs ? [{ name: 'official classes + outputs read', fn: () => officialWithOutputs(officialEcs, json) }] : []),
        { name: 'ours JSON', fn: () => parse(json, { format: 'json' }) },
        ...(withTargets ? [{ name: 'ours JSON + outputs read', fn: () => readOutputs(parse(json, { format: 'json' })) }] : []),
        ...(shape.xml
          ? [
              { name: 'fast-xml-parser', fn: () => parser.parse(xml) },
              { name: 'fast-xml-parser + validate', fn: () => parser.parse(xml, true) },
              { name: 'openapi decodeBody XML', fn: () => decodeBody(xml, { format: 'xml', arrayTags: XML_ARRAY_TAGS[product] }) },
              { name: 'ours XML', fn: () => parse(xml, { format: 'xml' }) },
            ]
          : []),
      ];
      const timings = timeCandidatesByCpu(candidates, { ...options, batch: shape.xml ? 2 : 10 });
      const byName = new Map(timings.map((t) => [t.name, t]));
      const ratio = (name: string, base: string) => (byName.has(base) ? byName.get(name)!.medianMs / byName.get(base)!.medianMs : Number.NaN);
      console.log(`\n${product.toUpperCase()}, ${shape.name}  (JSON ${(json.length / 1024).toFixed(0)} KB${shape.xml ? `, XML ${(xml.length / 1024).toFixed(0)} KB` : ''} per page)`);
      printTable(
        timings.map((t) => ({
          candidate: t.name,
          'ms/page': t.medianMs,
          'invocations/s': Math.round((INVOCATIONS_PER_PAGE * 1000) / t.medianMs),
          'x JSON.parse': ratio(t.name, 'JSON.parse'),
          ...(shape.xml ? { 'x fast-xml-parser': ratio(t.name, 'fast-xml-parser') } : {}),
        })),
      );
      const label = `${product} ${shape.name}`;
      const productChecks = [
        ...(shape.xml ? [checkTarget(`${label} JSON: ours / JSON.parse`, ratio('ours JSON', 'JSON.parse'), '<=', 2)] : []),
        ...(official ? [checkTarget(`${label} JSON: ours / official classes`, ratio('ours JSON', 'official classes'), '<=', 1)] : []),
        ...(shape.xml ? [checkTarget(`${label} XML: ours / fast-xml-parser alone`, ratio('ours XML', 'fast-xml-parser'), '<=', 1.5)] : []),
      ];
      if (!shape.xml) console.log(`  info  ${label} JSON: ours / JSON.parse: ${ratio('ours JSON', 'JSON.parse').toFixed(2)}`);
      if (official) console.log(`  info  ${label} official classes / JSON.parse: ${ratio('official classes', 'JSON.parse').toFixed(2)}`);
      // A long output is decoded on its first read: what reading all of them costs, against what a user of
      // the official SDK does to read them (Buffer on each Base64 output).
      if (officialOutputs) {
        console.log(`  info  ${label} ours + outputs read / official classes + outputs read: ${ratio('ours JSON + outputs read', 'official classes + outputs read').toFixed(2)}`);
      }
      console.log(`  info  ${label} JSON.parse + Base64 / JSON.parse: ${ratio('JSON.parse + Base64', 'JSON.parse').toFixed(2)}`);
      if (shape.xml) console.log(`  info  ${label} fast-xml-parser with its validator / alone: ${ratio('fast-xml-parser + validate', 'fast-xml-parser').toFixed(2)}`);
      checks.push(...productChecks);
      report[label] = {
        bytes: { json: json.length, ...(shape.xml ? { xml: xml.length } : {}) },
        timings: timings.map((t) => ({ ...t, invocationsPerSecond: (INVOCATIONS_PER_PAGE * 1000) / t.medianMs })),
        checks: productChecks,
      };
    }
  }
  writeResult('decoding', { invocationsPerPage: INVOCATIONS_PER_PAGE, targetsPerInvocation: 10, shapes: SHAPES, ...report, checks });
  return checks;
}
