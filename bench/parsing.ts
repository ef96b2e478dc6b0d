// Benchmark: the CPU the app spends refusing each body built to be expensive (issue 12; the
// bodies are tools/testkit/adversarialBodies.ts). Each is read, parsed and answered as
// POST /api/tickets does it (body reading, the schema, the problem as JSON or, for a form post, as
// a page), in this process with nothing else running, so process.cpuUsage() around it is its CPU.
// The target: at most 100 ms for every body of at most 64 KiB.
//
//   npm run build && node dist/bench/parsing.js

import { HttpRequest, InvocationContext } from '@azure/functions';
import { invalidFields, withProblems } from '../src/http/problems';
import { parseSubmission } from '../src/domain/submission';
import { localeFromAcceptLanguage } from '../src/http/language';
import { readSubmissionBody } from '../src/http/submissionBody';
import { formToSubmissionInput } from '../src/http/formFields';
import { isFormPost } from '../src/http/formPost';
import { isMultipartForm, readReportForm } from '../src/http/reportForm';
import { ADVERSARIAL_BODIES, type AdversarialBody } from '../tools/testkit/adversarialBodies';
import { median } from './load';

export const PARSING_TARGET_MS = 100;
const ROUNDS = 5;

export interface ParsingBenchResult {
  /** CPU per body (ms, user + system, median of the rounds), in the order of ADVERSARIAL_BODIES */
  bodies: Array<{ name: string; cpuMs: number; status: number }>;
  /** the largest of them; the target is at most PARSING_TARGET_MS */
  worstCpuMs: number;
}

const refuse = withProblems(
  async (request) => {
    // The multipart form's fields as submitTicket reads them (its files would be staged only for a valid report).
    const form = isMultipartForm(request) ? await readReportForm(request) : null;
    const input = form ? formToSubmissionInput(form.fields) : (await readSubmissionBody(request)).input;
    const parsed = parseSubmission(input, { defaultLocale: localeFromAcceptLanguage(request.headers.get('accept-language')) });
    form?.discard();
    if (parsed.ok) return { status: 201 };
    throw invalidFields('Invalid submission', parsed.errors);
  },
  { htmlFor: (request) => isFormPost(request) || isMultipartForm(request) },
);

/** CPU milliseconds of one answer to `b`, and its status. */
async function cpuOfOne(b: AdversarialBody): Promise<{ cpuMs: number; status: number }> {
  const request = new HttpRequest({
    method: 'POST',
    url: 'http://127.0.0.1:7071/api/tickets',
    headers: { 'content-type': b.contentType, 'content-length': String(b.body.length) },
    body: { bytes: b.body },
  });
  const context = new InvocationContext({ functionName: 'submitTicket' });
  const before = process.cpuUsage();
  const response = await refuse(request, context);
  const used = process.cpuUsage(before);
  return { cpuMs: (used.user + used.system) / 1000, status: response.status ?? 200 };
}

export async function benchParsing(log: (line: string) => void = () => {}): Promise<ParsingBenchResult> {
  const rounds: number[][] = ADVERSARIAL_BODIES.map(() => []);
  const statuses: number[] = [];
  // Round after round over all bodies, so what one body leaves for the garbage collector is not
  // charged to the same body every time.
  for (let round = 0; round < ROUNDS; round++) {
    for (const [i, b] of ADVERSARIAL_BODIES.entries()) {
      const { cpuMs, status } = await cpuOfOne(b);
      if (status !== 400 && status !== 413) throw new Error(`${b.name}: answered ${status}, not refused; the figure would be wrong`);
      rounds[i]!.push(cpuMs);
      statuses[i] = status;
    }
  }
  const bodies = ADVERSARIAL_BODIES.map((b, i) => ({ name: b.name, cpuMs: median(rounds[i]!), status: statuses[i]! }));
  for (const b of bodies) log(`  ${b.name}: ${b.cpuMs.toFixed(1)} ms CPU, ${b.status}`);
  return { bodies, worstCpuMs: Math.max(...bodies.map((b) => b.cpuMs)) };
}

if (require.main === module) {
  benchParsing((line) => process.stdout.write(`${line}\n`)).then(
    (result) => process.stdout.write(`worst: ${result.worstCpuMs.toFixed(1)} ms CPU (target <= ${PARSING_TARGET_MS} ms)\n`),
    (error: unknown) => {
      process.stderr.write(`${String(error)}\n`);
      process.exit(1);
    },
  );
}
