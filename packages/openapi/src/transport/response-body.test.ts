import { ResponseTooLargeError } from '@invocations/core';
import { describe, expect, it } from 'vitest';
import { untilAborted } from '@invocations/core';
import { readResponseText } from './response-body.js';

const encoder = new TextEncoder();

/** A body that sends the given chunks, then stays open forever unless `end` is set; records a cancel. */
function streamed(chunks: Uint8Array[], end: boolean): { response: Response; cancelled: () => boolean } {
  let cancelled = false;
  let index = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      const chunk = chunks[index];
      index += 1;
      if (chunk) controller.enqueue(chunk);
      else if (end) controller.close();
      else return new Promise<void>(() => undefined);
      return undefined;
    },
    cancel() {
      cancelled = true;
    },
  });
  return { response: new Response(stream), cancelled: () => cancelled };
}

describe('readResponseText', () => {
  it('decodes UTF-8 split across chunks and drops a leading BOM, as response.text() does', async () => {
    const bytes = encoder.encode('\uFEFF{"a":"中文"}');
    const { response } = streamed([bytes.subarray(0, 4), bytes.subarray(4, 10), bytes.subarray(10)], true);
    expect(await readResponseText(response, { signal: new AbortController().signal, maxBytes: 1024 })).toBe('{"a":"中文"}');
  });

  it('stops past maxBytes with a ResponseTooLargeError naming the limit, and cancels the stream', async () => {
    const { response, cancelled } = streamed([encoder.encode('x'.repeat(600)), encoder.encode('y'.repeat(600))], false);
    const error = await readResponseText(response, { signal: new AbortController().signal, maxBytes: 1000 }).catch((caught: unknown) => caught);
    expect(ResponseTooLargeError.isInstance(error)).toBe(true);
    expect((error as ResponseTooLargeError).maxBytes).toBe(1000);
    expect((error as Error).message).toContain('1000 byte limit');
    expect(cancelled()).toBe(true);
  });

  it('refuses a declared Content-Length past the limit before reading, unless a content coding makes it the wire size', async () => {
    const big = new Response('x'.repeat(10), { headers: { 'content-length': '5000' } });
    await expect(readResponseText(big, { signal: new AbortController().signal, maxBytes: 100 })).rejects.toThrow(/100 byte limit/);
    const coded = new Response('x'.repeat(10), { headers: { 'content-length': '5000', 'content-encoding': 'gzip' } });
    expect(await readResponseText(coded, { signal: new AbortController().signal, maxBytes: 100 })).toBe('x'.repeat(10));
  });

  it('rejects with the signal reason when the signal fires during a stalled read, and cancels the stream', async () => {
    const { response, cancelled } = streamed([encoder.encode('{"a":')], false);
    const controller = new AbortController();
    const reason = new Error('time is up');
    setTimeout(() => controller.abort(reason), 30);
    await expect(readResponseText(response, { signal: controller.signal, maxBytes: 1024 })).rejects.toBe(reason);
    expect(cancelled()).toBe(true);
  });

  it('untilAborted settles with the signal even when the promise never does', async () => {
    const controller = new AbortController();
    const pending = untilAborted(new Promise(() => undefined), controller.signal);
    controller.abort('stop');
    await expect(pending).rejects.toBe('stop');
    await expect(untilAborted(Promise.resolve(1), new AbortController().signal)).resolves.toBe(1);
  });
});
