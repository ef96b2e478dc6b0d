// The console's CSRF token from the start of a multipart upload: found before the file, never
// after it, and read without the rest of the body.

import { ReadableStream } from 'node:stream/web';
import { describe, expect, it } from 'vitest';
import { leadingMultipartField } from '../../src/http/multipartField';

const TYPE = 'multipart/form-data; boundary=b';
const field = (name: string, value: string) => `--b\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
const file = (bytes: string) => `--b\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\nContent-Type: text/plain\r\n\r\n${bytes}\r\n`;
const END = '--b--\r\n';

/** A body of `chunks`, counting how many of them were pulled. */
function bodyOf(chunks: string[]): { body: ReadableStream<Uint8Array>; pulled: () => number } {
  let next = 0;
  const body = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (next === chunks.length) controller.close();
        else controller.enqueue(Buffer.from(chunks[next++]!));
      },
    },
    { highWaterMark: 0 },
  );
  return { body, pulled: () => next };
}

describe('leadingMultipartField', () => {
  it('finds the field before the file', async () => {
    expect(await leadingMultipartField(TYPE, bodyOf([field('csrf', 'tok-123') + file('hello') + END]).body, 'csrf')).toBe('tok-123');
  });

  it('does not take the field from after the file, nor from another name', async () => {
    expect(await leadingMultipartField(TYPE, bodyOf([file('hello') + field('csrf', 'late') + END]).body, 'csrf')).toBeNull();
    expect(await leadingMultipartField(TYPE, bodyOf([field('token', 'x') + END]).body, 'csrf')).toBeNull();
  });

  it('answers null for a body that is no such form, or none', async () => {
    expect(await leadingMultipartField('multipart/form-data', bodyOf(['x']).body, 'csrf')).toBeNull();
    expect(await leadingMultipartField(TYPE, bodyOf([`--b\r\nX: ${'x'.repeat(20_000)}\r\n\r\n`]).body, 'csrf')).toBeNull();
    expect(await leadingMultipartField(TYPE, null, 'csrf')).toBeNull();
  });

  it('stops reading once it has the field: a large file after it is not read', async () => {
    const megabyte = 'x'.repeat(1024 * 1024);
    const { body, pulled } = bodyOf([
      field('csrf', 'tok-123'),
      `--b\r\nContent-Disposition: form-data; name="file"; filename="big.txt"\r\n\r\n`,
      ...Array.from({ length: 10 }, () => megabyte),
      `\r\n${END}`,
    ]);
    expect(await leadingMultipartField(TYPE, body, 'csrf')).toBe('tok-123');
    expect(pulled()).toBeLessThan(5);
  });
});
