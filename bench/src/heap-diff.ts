// Tool (see heap-probe.ts): compares two V8 heap snapshots. Objects are grouped by type and
// constructor (compiled code summed apart), the groups that grew most are listed, and for each a
// sample object's retainer path up to a GC root. Run:
//   node --max-old-space-size=3000 --import tsx src/heap-diff.ts A.heapsnapshot B.heapsnapshot
import { readFileSync } from 'node:fs';

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[]]; edge_fields: string[]; edge_types: [string[]] } };
  nodes: number[];
  edges: number[];
  strings: string[];
}

function load(file: string) {
  const s = JSON.parse(readFileSync(file, 'utf8')) as Snapshot;
  const nf = s.snapshot.meta.node_fields.length;
  const ef = s.snapshot.meta.edge_fields.length;
  const types = s.snapshot.meta.node_types[0];
  const etypes = s.snapshot.meta.edge_types[0];
  const node = (i: number, field: number): number => s.nodes[i * nf + field] ?? 0;
  const edge = (e: number, field: number): number => s.edges[e + field] ?? 0;
  const str = (index: number): string => s.strings[index] ?? '';
  const count = s.nodes.length / nf;
  const firstEdge = new Uint32Array(count + 1);
  for (let i = 0, e = 0; i < count; i++) {
    firstEdge[i] = e;
    e += node(i, 4) * ef;
  }
  firstEdge[count] = s.edges.length;
  // Retainers as (node, edge) pairs; weak edges do not retain.
  const retainers: number[][] = Array.from({ length: count }, () => []);
  for (let i = 0; i < count; i++) {
    for (let e = firstEdge[i] ?? 0; e < (firstEdge[i + 1] ?? 0); e += ef) {
      if (etypes[edge(e, 0)] !== 'weak') retainers[edge(e, 2) / nf]?.push(i, e);
    }
  }
  const key = (i: number) => `${types[node(i, 0)]}:${str(node(i, 1)).slice(0, 60)}`;
  const edgeName = (e: number) => {
    const type = etypes[edge(e, 0)];
    return type === 'element' || type === 'hidden' ? `[${edge(e, 1)}]` : str(edge(e, 1));
  };
  const groups = new Map<string, { n: number; size: number; sample: number }>();
  for (let i = 0; i < count; i++) {
    const group = groups.get(key(i)) ?? { n: 0, size: 0, sample: i };
    group.n += 1;
    group.size += node(i, 3);
    group.sample = i;
    groups.set(key(i), group);
  }
  const retainerPath = (start: number, depth = 12) => {
    const out: string[] = [];
    const seen = new Set<number>([start]);
    let i = start;
    for (let d = 0; d < depth; d++) {
      const r = retainers[i] ?? [];
      let pick = -1;
      for (let j = 0; j < r.length; j += 2) {
        if (!seen.has(r[j] ?? -1)) {
          pick = j;
          break;
        }
      }
      if (pick < 0) break;
      i = r[pick] ?? 0;
      seen.add(i);
      out.push(`<-${edgeName(r[pick + 1] ?? 0)}- ${key(i)}`);
    }
    return out.join(' ');
  };
  return { groups, retainerPath };
}

const [a = '', b = ''] = process.argv.slice(2);
const A = load(a);
const B = load(b);
const total = (groups: Map<string, { size: number }>, code: boolean) =>
  [...groups].filter(([k]) => k.startsWith('code:') === code).reduce((sum, [, v]) => sum + v.size, 0);
console.log(`compiled code: ${total(A.groups, true)} -> ${total(B.groups, true)} B; everything else: ${total(A.groups, false)} -> ${total(B.groups, false)} B`);
const rows = [...B.groups]
  .filter(([k]) => !k.startsWith('code:'))
  .map(([k, g]) => ({ k, dn: g.n - (A.groups.get(k)?.n ?? 0), ds: g.size - (A.groups.get(k)?.size ?? 0), sample: g.sample }));
rows.sort((x, y) => y.ds - x.ds);
for (const r of rows.slice(0, 25)) console.log(`${String(r.ds).padStart(9)} B ${String(r.dn).padStart(7)} x ${r.k}`);
console.log('\nretainer paths of the top groups (a sample object each):');
for (const r of rows.slice(0, 16)) console.log(`\n${r.k}\n  ${B.retainerPath(r.sample)}`);
