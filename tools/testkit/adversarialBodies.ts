// Bodies of at most 64 KiB built to cost the most to answer: one field name sent thousands of
// times, thousands of names, very long names, deep nesting, prototype-ish names, invalid UTF-8,
// and the same shapes as the parts of a multipart form (the web form with its files).
// The integration test sends them through the host; bench/parsing.ts measures the CPU of each.

export const MAX_BODY = 64 * 1024;

export interface AdversarialBody {
  name: string;
  contentType: 'application/json' | 'application/x-www-form-urlencoded' | typeof MULTIPART;
  body: Uint8Array;
}

const FORM = 'application/x-www-form-urlencoded';
const JSON_TYPE = 'application/json';
const BOUNDARY = 'adversarial-boundary';
const MULTIPART = `multipart/form-data; boundary=${BOUNDARY}`;

/** A multipart/form-data body of text parts named by `name(i)`, as many as fit in 64 KiB. */
function multipartFields(name: (i: number) => string, value: string): string {
  const part = (i: number) => `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name(i)}"\r\n\r\n${value}\r\n`;
  const end = `--${BOUNDARY}--\r\n`;
  return `${numbered(part, '', MAX_BODY - end.length)}${end}`;
}

/** `unit` joined by `separator` as often as fits in 64 KiB. */
function repeated(unit: string, separator = '&'): string {
  const times = Math.floor((MAX_BODY + separator.length) / (unit.length + separator.length));
  return Array.from({ length: times }, () => unit).join(separator);
}

/** `make(0)`, `make(1)` ... joined by `separator`, as many as fit in 64 KiB. */
function numbered(make: (i: number) => string, separator: string, room = MAX_BODY): string {
  const parts: string[] = [];
  let length = 0;
  for (let i = 0; ; i++) {
    const part = make(i);
    const added = part.length + (parts.length > 0 ? separator.length : 0);
    if (length + added > room) return parts.join(separator);
    parts.push(part);
    length += added;
  }
}

function nested(open: string, inner: string, close: string): string {
  const depth = Math.floor((MAX_BODY - inner.length) / (open.length + close.length));
  return open.repeat(depth) + inner + close.repeat(depth);
}

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

function build(): AdversarialBody[] {
  const form = (name: string, text: string): AdversarialBody => ({ name: `form: ${name}`, contentType: FORM, body: utf8(text) });
  const json = (name: string, text: string): AdversarialBody => ({ name: `JSON: ${name}`, contentType: JSON_TYPE, body: utf8(text) });
  const multipart = (name: string, text: string): AdversarialBody => ({ name: `multipart: ${name}`, contentType: MULTIPART, body: utf8(text) });
  const bodies: AdversarialBody[] = [
    form('one bare name repeated (x&x&x…)', repeated('x')),
    form('summary=a repeated', repeated('summary=a')),
    form('reporter.email repeated', repeated('reporter.email=ada%40contoso.example')),
    form(
      'thousands of different names',
      numbered((i) => `k${i}=`, '&'),
    ),
    form('one 64 KiB name', `${'k'.repeat(MAX_BODY - 2)}=1`),
    form('one name of 32,000 dots (a.b.c.d…)', repeated('a', '.')),
    form(
      'thousands of dotted names under reporter',
      numbered((i) => `reporter.x${i}.y=1`, '&'),
    ),
    form('__proto__ repeated', repeated('__proto__.polluted=1')),
    form('constructor.prototype repeated', repeated('constructor.prototype.polluted=1')),
    json('arrays nested 32,000 deep', nested('[', '', ']')),
    json('objects nested 10,000 deep', nested('{"a":', '1', '}')),
    json('thousands of keys', `{${numbered((i) => `"k${i}":1`, ',', MAX_BODY - 2)}}`),
    json('thousands of keys under reporter', `{"reporter":{${numbered((i) => `"k${i}":1`, ',', MAX_BODY - 15)}}}`),
    json('one 64 KiB key', `{"${'k'.repeat(MAX_BODY - 6)}":1}`),
    json(
      '__proto__ and constructor keys',
      `{${numbered((i) => (i % 2 ? `"__proto__":{"p${i}":1}` : `"constructor":{"prototype":{"p${i}":1}}`), ',', MAX_BODY - 2)}}`,
    ),
    // U+200B is three bytes in UTF-8: two fields of them fill the body
    json('a summary and a name of zero-width spaces', `{"summary":"${'\u200b'.repeat(10_900)}","reporter":{"name":"${'\u200b'.repeat(10_900)}"}}`),
    { name: 'JSON: invalid UTF-8', contentType: JSON_TYPE, body: new Uint8Array(MAX_BODY).fill(0xff) },
    // The form with its files (multipart): the same shapes in parts.
    multipart(
      'thousands of tiny fields',
      multipartFields((i) => `k${i}`, ''),
    ),
    multipart(
      'summary repeated',
      multipartFields(() => 'summary', 'a'),
    ),
    multipart(
      'one name of 30,000 dots',
      multipartFields(() => 'a.'.repeat(15_000), '1'),
    ),
    multipart(
      'one part header of 64 KiB',
      `--${BOUNDARY}\r\nX-Padding: ${'x'.repeat(MAX_BODY - 200)}\r\nContent-Disposition: form-data; name="summary"\r\n\r\na\r\n--${BOUNDARY}--\r\n`,
    ),
  ];
  for (const b of bodies) if (b.body.length > MAX_BODY) throw new Error(`${b.name}: ${b.body.length} bytes, over 64 KiB`);
  return bodies;
}

export const ADVERSARIAL_BODIES: readonly AdversarialBody[] = build();
