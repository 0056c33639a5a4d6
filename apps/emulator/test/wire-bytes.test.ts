import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createManualClock, startEmulator } from '../src/index.js';
import { wireScenario, type WireAnswer } from './wire-scenario.js';

// The answers of wire-scenario.ts as the emulator sent them before it streamed answers in parts and
// kept the JSON of finished invocations (fixtures/wire-answers.json, made by that build): every byte
// must stay the same. Set UPDATE_WIRE_FIXTURE=1 to write the file again, only for an intended wire change.
const FIXTURE = new URL('./fixtures/wire-answers.json', import.meta.url);

describe('answers on the wire', () => {
  it('are byte for byte the answers of the fixture, across listings, stops, time passing, record changes and retention', async () => {
    const answers = await wireScenario({ startEmulator, createManualClock });
    if (process.env.UPDATE_WIRE_FIXTURE === '1') writeFileSync(FIXTURE, `${JSON.stringify(answers, null, 2)}\n`);
    const expected = JSON.parse(readFileSync(FIXTURE, 'utf8')) as WireAnswer[];
    expect(answers.map((answer) => answer.name)).toEqual(expected.map((answer) => answer.name));
    for (const [index, answer] of answers.entries()) expect(answer, answer.name).toEqual(expected[index]);
    // The scenario changes what it lists: a test that saw the same page every time would prove nothing.
    const pageOne = (prefix: string) => answers.find((answer) => answer.name === `${prefix}: page 1`)?.sha256;
    expect(pageOne('second listing')).toBe(pageOne('first listing'));
    expect(new Set(['first listing', 'after stops', '5 s later', 'an hour later', 'after a record changed', 'after retention'].map(pageOne)).size).toBe(6);
  }, 60_000);
});
