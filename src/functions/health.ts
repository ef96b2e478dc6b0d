import type { HttpHandler } from '@azure/functions';
import type { ServiceSource } from '../composition';
import { httpRoute } from '../http/httpRoute';
import { problemResponse } from '../http/problems';
import { jsonResponse } from '../http/ticketView';

/** GET /api/health: 200 while storage answers, else 503. */
export function health(services: ServiceSource): HttpHandler {
  return httpRoute(services, {
    access: 'public',
    storage: false, // it asks storage itself, and answers 503 when it does not answer
    handle: async (_input, { services }) => {
      if (await services.healthy()) return jsonResponse(200, { status: 'ok' });
      return problemResponse(503, 'Service unavailable', 'Storage is not answering.', undefined, { 'Retry-After': '5' });
    },
  });
}
