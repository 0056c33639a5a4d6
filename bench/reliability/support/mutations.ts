// fast-check arbitraries that turn a valid response into a broken one, the ways real bodies break:
// cut off by a proxy, edited by a gateway, fields of the wrong type, fields nobody documented,
// an HTML error page, nothing at all, or far too much.
import fc from 'fast-check';
import { type BodyProduct, responseObject, toXml } from '../../src/bodies.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** A small valid response object of a product (few targets, short outputs: mutations stay quick). */
export function smallResponse(product: BodyProduct, seed: number): Record<string, Json> {
  return responseObject(product, { invocations: 3, targets: 2, outputBytes: 48, seed }) as Record<string, Json>;
}

/** Serialises a response object in a format. */
export function serialise(value: unknown, format: 'json' | 'xml'): string {
  if (format === 'json') return JSON.stringify(value);
  return toXml(value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : { Value: value });
}

/** Every path (list of keys/indices) inside a JSON value, the root included. */
function pathsOf(value: Json, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(prefix);
  if (Array.isArray(value)) value.forEach((item, index) => pathsOf(item, [...prefix, index], out));
  else if (value !== null && typeof value === 'object') for (const [key, child] of Object.entries(value)) pathsOf(child, [...prefix, key], out);
  return out;
}

function setAt(root: Json, path: (string | number)[], replacement: Json): Json {
  if (path.length === 0) return replacement;
  const copy = structuredClone(root) as Record<string | number, Json>;
  let node = copy as Record<string | number, Json>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, Json>;
  node[path[path.length - 1]!] = replacement;
  return copy as Json;
}

/** Values of every JSON type, including the awkward ones (empty, negative, huge, nested, odd strings). */
const wrongValue: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom<Json>(null, true, false, 0, -1, 1.5, 2 ** 53 + 1, -0, '', ' ', 'null', 'true', '{}', '[]', 'NaN', '\u0000', '😀', [], {}, [null], { '': null }),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json>,
);

/** A valid body with one value anywhere (a field, a list, a whole object) replaced by a value of another type. */
export function wrongTypeBody(product: BodyProduct, format: 'json' | 'xml'): fc.Arbitrary<string> {
  return fc.tuple(fc.integer({ min: 1, max: 50 }), fc.nat(), wrongValue).map(([seed, pick, value]) => {
    const response = smallResponse(product, seed);
    const paths = pathsOf(response);
    return serialise(setAt(response, paths[pick % paths.length]!, value), format);
  });
}

/** A valid body with fields added where nobody documented them (prototype-ish keys included). */
export function extraFieldsBody(product: BodyProduct, format: 'json' | 'xml'): fc.Arbitrary<string> {
  const key = fc.oneof(
    fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'Invocation', 'InvokeId', 'Code', 'Message', '#text'),
    fc.string({ minLength: 1, maxLength: 12 }).filter((s) => /^[A-Za-z_][\w-]*$/.test(s)),
  );
  return fc
    .tuple(fc.integer({ min: 1, max: 50 }), fc.array(fc.tuple(fc.nat(), key, wrongValue), { minLength: 1, maxLength: 5 }))
    .map(([seed, additions]) => {
      let response: Json = smallResponse(product, seed);
      for (const [pick, name, value] of additions) {
        const objects = pathsOf(response).filter((path) => {
          let node: Json = response;
          for (const k of path) node = (node as Record<string | number, Json>)[k]!;
          return node !== null && typeof node === 'object' && !Array.isArray(node);
        });
        const path = objects[pick % objects.length]!;
        const target = structuredClone(response) as Record<string | number, Json>;
        let node = target as Record<string | number, Json>;
        for (const k of path) node = node[k] as Record<string | number, Json>;
        Object.defineProperty(node, name, { value, enumerable: true, writable: true, configurable: true });
        response = target as Json;
      }
      return serialise(response, format);
    });
}

/** A valid body cut anywhere, as when a connection drops mid-body. */
export function truncatedBody(product: BodyProduct, format: 'json' | 'xml'): fc.Arbitrary<string> {
  return fc.tuple(fc.integer({ min: 1, max: 50 }), fc.double({ min: 0, max: 1, noNaN: true })).map(([seed, at]) => {
    const body = serialise(smallResponse(product, seed), format);
    return body.slice(0, Math.floor(body.length * at));
  });
}

/** A valid body with a stretch of characters overwritten (syntax characters are likely). */
export function editedBody(product: BodyProduct, format: 'json' | 'xml'): fc.Arbitrary<string> {
  const noise = fc.string({ unit: fc.constantFrom('{', '}', '[', ']', '"', ',', ':', '<', '>', '/', '&', ';', '\\', '0', 'a', ' ', '\n', '\u0000', '中'), maxLength: 8 });
  return fc
    .tuple(fc.integer({ min: 1, max: 50 }), fc.double({ min: 0, max: 1, noNaN: true }), fc.nat({ max: 8 }), noise)
    .map(([seed, at, length, text]) => {
      const body = serialise(smallResponse(product, seed), format);
      const start = Math.floor(body.length * at);
      return body.slice(0, start) + text + body.slice(start + length);
    });
}

/** HTML pages a proxy, gateway or captive portal sends instead of the API's answer. */
export const htmlBody: fc.Arbitrary<string> = fc.tuple(
  fc.constantFrom(
    '<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>',
    '<html>\r\n<head><title>504 Gateway Time-out</title></head>\r\n<body>\r\n<center><h1>504 Gateway Time-out</h1></center>\r\n<hr><center>Tengine</center>\r\n</body>\r\n</html>',
    '<HTML><BODY>Access denied</BODY></HTML>',
    '<!doctype html><meta charset=utf-8><title>Login</title><form action=/login></form>',
    '<body>maintenance</body>',
    '<html><body><DescribeInvocationsResponse><RequestId>x</RequestId></DescribeInvocationsResponse></body></html>',
  ),
  fc.constantFrom('', ' ', '\n', '\r\n\t', '\uFEFF'),
).map(([page, lead]) => lead + page);

/** Empty and almost-empty bodies, and JSON/XML documents that are not an object. */
export const emptyishBody: fc.Arbitrary<string> = fc.constantFrom(
  '', ' ', '\n', '\t\r\n', '\uFEFF', 'null', 'true', 'false', '0', '-1', '"text"', '[]', '[{}]', '{}', '{"Invocations":null}',
  '<?xml version="1.0"?>', '<a/>', '<a></a>', '<DescribeInvocationsResponse/>', '<DescribeInvocationsResponse></DescribeInvocationsResponse>',
  '<A>1</A><B>2</B>', '<!-- nothing -->', '<![CDATA[x]]>', 'undefined', 'NaN', '{"RequestId":', '<DescribeInvocationsResponse>',
);

/** Bodies far larger or deeper than any real answer: they must fail or pass quickly, never hang. */
export function hugeBodies(product: BodyProduct, format: 'json' | 'xml'): { name: string; body: string }[] {
  const big = responseObject(product, { invocations: 2_000, targets: 3, outputBytes: 256, seed: 9 });
  const giantOutput = structuredClone(responseObject(product, { invocations: 1, targets: 1, outputBytes: 16, seed: 3 })) as Record<string, Json>;
  const text = 'A'.repeat(16 * 1024 * 1024);
  const list = giantOutput.Invocations as Json;
  const first = (Array.isArray(list) ? list[0] : ((list as Record<string, Json[]>).Invocation ?? [])[0]) as Record<string, Json>;
  first.CommandContent = text;
  const depth = 20_000;
  const deepJson = `{"RequestId":"r","Invocations":${'['.repeat(depth)}${']'.repeat(depth)}}`;
  const deepXml = `<DescribeInvocationsResponse><RequestId>r</RequestId>${'<Invocations>'.repeat(depth)}${'</Invocations>'.repeat(depth)}</DescribeInvocationsResponse>`;
  const bodies = [
    { name: '2,000 invocations on one page', body: serialise(big, format) },
    { name: '16 MB CommandContent', body: serialise(giantOutput, format) },
    { name: `nesting ${depth} deep`, body: format === 'json' ? deepJson : deepXml },
    { name: '8 MB of spaces', body: ' '.repeat(8 * 1024 * 1024) },
    { name: '4 MB of one unterminated string', body: format === 'json' ? `{"RequestId":"${'x'.repeat(4 * 1024 * 1024)}` : `<R><RequestId>${'x'.repeat(4 * 1024 * 1024)}` },
  ];
  if (format === 'xml') {
    // Entity expansion ("billion laughs"): a parser that expands it blindly never finishes.
    const entities = ['<!ENTITY lol "lol">'];
    for (let i = 1; i <= 9; i++) entities.push(`<!ENTITY lol${i} "${`&lol${i === 1 ? '' : i - 1};`.repeat(10)}">`);
    bodies.push({
      name: 'billion laughs',
      body: `<?xml version="1.0"?><!DOCTYPE lolz [${entities.join('')}]><DescribeInvocationsResponse><RequestId>&lol9;</RequestId></DescribeInvocationsResponse>`,
    });
  }
  return bodies;
}
