import { app } from '@azure/functions';
import { appServices } from '../composition';
import { problemResponse } from '../http/problems';
import { jsonResponse } from '../http/ticketView';

app.http('health', {
  methods: ['GET'],
  route: 'health',
  authLevel: 'anonymous',
  handler: async () => {
    if (await appServices().healthy()) return jsonResponse(200, { status: 'ok' });
    return problemResponse(503, 'Service unavailable', 'Storage is not answering.', undefined, { 'Retry-After': '5' });
  },
});
