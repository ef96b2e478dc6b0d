import { HttpRequest, InvocationContext, type HttpResponseInit } from '@azure/functions';
import { describe, expect, it } from 'vitest';
import { type FieldProblem, invalidFields, MAX_PROBLEM_ERRORS, problemResponse, withProblems } from '../../src/http/problems';

function unknownFields(n: number): FieldProblem[] {
  return Array.from({ length: n }, (_, i) => ({ path: `k${i}`, code: 'unknown_field', params: {}, message: `There is no field "k${i}"; remove it.` }));
}

function jsonOf(response: HttpResponseInit): { detail?: string; errors?: FieldProblem[]; moreErrors?: number } {
  return JSON.parse(String(response.body));
}

async function answer(problems: FieldProblem[], headers: Record<string, string> = {}): Promise<HttpResponseInit> {
  const handler = withProblems(
    async () => {
      throw invalidFields('Invalid submission', problems);
    },
    { htmlFor: (request) => (request.headers.get('accept') ?? '').includes('text/html') },
  );
  const request = new HttpRequest({ method: 'POST', url: 'http://127.0.0.1/api/tickets', headers });
  return handler(request, new InvocationContext({ functionName: 'submitTicket' }));
}

describe('a problem with many field errors', () => {
  it('lists the first 20 and counts the rest in moreErrors', async () => {
    const body = jsonOf(await answer(unknownFields(10_000)));
    expect(MAX_PROBLEM_ERRORS).toBe(20);
    expect(body.errors?.map((e) => e.path)).toEqual(unknownFields(20).map((e) => e.path));
    expect(body.moreErrors).toBe(9_980);
  });

  it('keeps its detail as short as the list: the first 20 messages and the count of the rest', async () => {
    const { detail } = jsonOf(await answer(unknownFields(10_000)));
    expect(detail).toBe(
      `${unknownFields(20)
        .map((e) => `${e.path}: ${e.message}`)
        .join(' ')} And 9980 more problems.`,
    );
  });

  it('has no moreErrors with 20 errors or fewer', async () => {
    const body = jsonOf(await answer(unknownFields(20)));
    expect(body.errors).toHaveLength(20);
    expect(body).not.toHaveProperty('moreErrors');
    expect(body.detail).not.toMatch(/more problem/);
  });

  it('says "1 more problem" for 21', async () => {
    const body = jsonOf(await answer(unknownFields(21)));
    expect(body.moreErrors).toBe(1);
    expect(body.detail).toMatch(/ And 1 more problem\.$/);
  });

  it.each([
    ['en', 'There are 9980 more problems, not listed here.'],
    ['de', 'Dazu kommen 9980 weitere Angaben, die hier nicht aufgeführt sind.'],
  ])('shows a browser the first 20 on its page and the count of the rest (%s)', async (locale, more) => {
    const page = String((await answer(unknownFields(10_000), { accept: 'text/html', 'accept-language': locale })).body);
    expect(page.match(/<li>/g)).toHaveLength(20);
    expect(page).toContain(more);
  });

  it('limits errors handed to problemResponse directly, too', () => {
    const body = jsonOf(problemResponse(400, 'Invalid request', undefined, unknownFields(30)));
    expect(body.errors).toHaveLength(20);
    expect(body.moreErrors).toBe(10);
  });
});
