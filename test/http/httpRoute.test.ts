// An HTTP function's services are its invocation's: what they log reaches that invocation's
// context (Application Insights relates it to the request), and nothing of it the console.

import { HttpRequest, InvocationContext } from '@azure/functions';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createServices } from '../../src/composition';
import { httpRoute } from '../../src/http/httpRoute';
import { readSettings } from '../../src/settings';

afterEach(() => vi.restoreAllMocks());

describe('httpRoute', () => {
  it("hands the route the services of its invocation, whose lines go through the invocation's context, also while another runs", async () => {
    const services = createServices(readSettings({ AzureWebJobsStorage: 'UseDevelopmentStorage=true' }));
    const handler = httpRoute((output) => (output ? services.forInvocation(output) : services), {
      access: 'public',
      storage: false,
      handle: async (_input, { services: given, request }) => {
        const name = request.query.get('name') ?? '';
        given.logger.info('started', { name });
        await new Promise((resolve) => setImmediate(resolve));
        given.logger.warn('finished', { name });
        return { status: 204 };
      },
    });
    const written: Array<[string, string, string]> = [];
    const context = (invocationId: string) =>
      new InvocationContext({ invocationId, functionName: 'route', logHandler: (level, ...args) => void written.push([invocationId, level, args.join(' ')]) });
    const printed = vi.spyOn(console, 'info').mockImplementation(() => undefined);

    const answers = await Promise.all(
      ['a', 'b'].map((name) => handler(new HttpRequest({ method: 'GET', url: `http://127.0.0.1/api/route?name=${name}` }), context(name))),
    );

    expect(answers.map((a) => a.status)).toEqual([204, 204]);
    expect(written.filter(([id]) => id === 'a').map(([, level, line]) => [level, line])).toEqual([
      ['information', '{"level":"info","message":"started","name":"a"}'],
      ['warning', '{"level":"warn","message":"finished","name":"a"}'],
    ]);
    expect(written.filter(([id]) => id === 'b')).toHaveLength(2);
    expect(printed).not.toHaveBeenCalled();
  });
});
