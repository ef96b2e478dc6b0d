// An HTML form's fields (application/x-www-form-urlencoded, as the browser sends them or as the
// form's script reads them) decoded into the nested value the intake schema validates
// (src/domain/submission.ts). The decoding is the edge's; what the value must be is the schema's.

import { REPEATED_FIELD } from '../domain/submission';

type Loose = { [key: string]: unknown };

const BOOLEAN_FIELDS = ['mitigation.available', 'customerNotification.requested'] as const;
const OPTIONAL_FIELDS = new Set(['cveId', 'cvssVector', 'mitigation.steps', 'customerNotification.message', 'reporter.locale']);

function setOwn(target: Loose, key: string, value: unknown): void {
  // defineProperty: a field named "__proto__" becomes a plain (unknown, rejected) field.
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function formValue(name: string, value: string): unknown {
  if ((BOOLEAN_FIELDS as readonly string[]).includes(name)) {
    if (value === 'true' || value === 'on') return true;
    if (value === 'false') return false;
  }
  return value;
}

/** Form pairs -> the nested object parseSubmission expects: dotted names become paths, checkboxes become booleans (absent: false), empty optional fields are left out, unknown names are kept (for the schema to reject), a repeated name is an error at its path. Linear in the size of the pairs. */
export function formToSubmissionInput(fields: Iterable<readonly [string, string]>): unknown {
  // Each name's value, or the marker once it came again: one step a pair, however often a name repeats.
  const values = new Map<string, string | typeof REPEATED_FIELD>();
  for (const [name, value] of fields) values.set(name, values.has(name) ? REPEATED_FIELD : value);
  // An unchecked checkbox is simply not sent.
  for (const name of BOOLEAN_FIELDS) if (!values.has(name)) values.set(name, 'false');

  const root: Loose = {};
  for (const [name, sent] of values) {
    if (sent !== REPEATED_FIELD && OPTIONAL_FIELDS.has(name) && sent.trim() === '') continue;
    const value = sent === REPEATED_FIELD ? REPEATED_FIELD : formValue(name, sent);
    const segments = name.split('.');
    let target = root;
    for (let i = 0; i < segments.length - 1; i++) {
      const key = segments[i] as string;
      const next = Object.prototype.hasOwnProperty.call(target, key) ? target[key] : undefined;
      if (next === undefined) {
        const child: Loose = {};
        setOwn(target, key, child);
        target = child;
      } else if (typeof next === 'object' && next !== null) {
        target = next as Loose;
      } else {
        // 'x' and 'x.y' both sent: the field x came twice in two shapes.
        setOwn(target, key, REPEATED_FIELD);
        target = {};
      }
    }
    const last = segments[segments.length - 1] as string;
    const existing = Object.prototype.hasOwnProperty.call(target, last) ? target[last] : undefined;
    setOwn(target, last, existing === undefined ? value : REPEATED_FIELD);
  }
  return root;
}
