import { readFileSync, readdirSync } from 'node:fs';
import fc from 'fast-check';
import { XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { isPlainWellFormedXml } from './xml-scan.js';

const fixtureDirs = ['../../../openapi/test/fixtures/', '../../../ecs/test/fixtures/', '../../../eflo/test/fixtures/', '../../../swas/test/fixtures/'].map(
  (dir) => new URL(dir, import.meta.url),
);
const xmlFixtures = fixtureDirs.flatMap((dir) =>
  readdirSync(dir)
    .filter((name) => name.endsWith('.xml'))
    .map((name) => ({ name, text: readFileSync(new URL(name, dir), 'utf8') })),
);

// The one promise: whatever the scan accepts, fast-xml-parser's validator accepts too.
function sound(text: string) {
  if (isPlainWellFormedXml(text)) expect(XMLValidator.validate(text)).toBe(true);
}

describe('isPlainWellFormedXml', () => {
  it('accepts every XML fixture of the four packages (the validator never runs for real bodies)', () => {
    expect(xmlFixtures.length).toBeGreaterThan(10);
    for (const { name, text } of xmlFixtures) expect([name, isPlainWellFormedXml(text)]).toEqual([name, true]);
  });

  it('rejects every cut of a fixture, and agrees with the validator on each', () => {
    for (const { text } of xmlFixtures) {
      const end = text.trimEnd().length;
      for (let length = 0; length < end; length += Math.max(1, Math.floor(end / 97))) {
        const cut = text.slice(0, length);
        expect(isPlainWellFormedXml(cut)).toBe(false);
        sound(cut);
      }
    }
  });

  it('rejects mis-nesting, stray text, several roots, bad entities and HTML', () => {
    for (const text of [
      '<A><B></A></B>',
      '<A>1</A><B>2</B>',
      'x<A/>',
      '<A/>x',
      '<A>&bogus</A>',
      '<A>&;</A>',
      '<A>&#;</A>',
      '<A>a & b</A>',
      '<A></B>',
      '</A>',
      '<A>',
      '',
      '<html><body>x</body></html',
      '<A x="1"></A>',
      '<!-- c --><A/>',
    ])
      expect([text, isPlainWellFormedXml(text)]).toEqual([text, false]);
    for (const text of ['<A/>', '<?xml version="1.0"?>\n<A>&lt;&#20013;&#x6587;<![CDATA[<&>]]></A>\n', '\uFEFF<A><B/>t</A>', '<a.b-c_1>x</a.b-c_1>'])
      expect([text, isPlainWellFormedXml(text)]).toEqual([text, true]);
  });

  it('never accepts what the validator rejects, on mutated fixtures and generated documents', () => {
    const fixture = fc.constantFrom(...xmlFixtures.map(({ text }) => text));
    const piece = fc.constantFrom('<', '>', '/', '&', ';', '&amp;', '&#x41;', '<A>', '</A>', '<A/>', '<![CDATA[', ']]>', '<?xml ', '?>', ' ', '\n', 'x', '"', '<!--', '-->');
    const mutated = fc.tuple(fixture, fc.nat(), fc.nat(40), fc.array(piece, { maxLength: 3 })).map(([text, at, remove, insert]) => {
      const start = at % (text.length + 1);
      return text.slice(0, start) + insert.join('') + text.slice(start + remove);
    });
    const generated = fc.array(piece, { maxLength: 12 }).map((pieces) => pieces.join(''));
    fc.assert(fc.property(fc.oneof(mutated, generated), sound), { numRuns: 5_000 });
  });

  it('scans a 16 MB body without recursion', () => {
    const body = `<R>${'<I><O>abc&amp;</O></I>'.repeat(700_000)}</R>`;
    expect(isPlainWellFormedXml(body)).toBe(true);
    expect(isPlainWellFormedXml(body.slice(0, -2))).toBe(false);
  });
});
