// An Event Grid event from the delivery-report queue, validated like any other input. Event Grid
// writes each event as one message (Event Grid schema, as the subscription in infra/ asks), its
// JSON base64-encoded, which host.json's messageEncoding decodes. A message that is not such an
// event is logged and dropped: retrying cannot repair it.

import type { InvocationContext } from '@azure/functions';
import { z } from 'zod';
import type { DeliveryReport } from '../services/deliveryReports';

/** Where Event Grid delivers them (infra/modules/email-delivery-reports.bicep). */
export const DELIVERY_REPORT_QUEUE = 'email-delivery-reports';
export const DELIVERY_REPORT_EVENT = 'Microsoft.Communication.EmailDeliveryReportReceived';

const eventSchema = z.object({
  id: z.string().min(1).max(200),
  eventType: z.string().min(1).max(200),
  data: z.unknown(),
});

const deliveryReportSchema = z.object({
  // The send operation's id: a UUID, and a Table key, so nothing else is let through.
  messageId: z.string().regex(/^[0-9A-Za-z-]{1,64}$/),
  status: z.string().regex(/^[A-Za-z]{1,64}$/),
  deliveryStatusDetails: z.object({ statusMessage: z.string().max(20_000).nullish() }).nullish(),
});

/** The delivery reports in one queue message: one event, or (tolerated) an array of them as a webhook gets. */
export function readDeliveryReports(queued: unknown, context: InvocationContext): DeliveryReport[] {
  const events = z
    .array(eventSchema)
    .min(1)
    .max(100)
    .safeParse(Array.isArray(queued) ? queued : [queued]);
  if (!events.success) {
    // The host hands over JSON parsed; anything else (a string) was not an event to begin with.
    context.warn(JSON.stringify({ level: 'warn', message: 'malformed delivery report message dropped' }));
    return [];
  }
  return events.data.flatMap((event) => {
    if (event.eventType !== DELIVERY_REPORT_EVENT) {
      // The subscription filters on the type; anything else here is not ours to handle.
      context.warn(JSON.stringify({ level: 'warn', message: 'event of another type dropped', eventId: event.id, eventType: event.eventType }));
      return [];
    }
    const data = deliveryReportSchema.safeParse(event.data);
    if (!data.success) {
      context.warn(JSON.stringify({ level: 'warn', message: 'malformed delivery report dropped', eventId: event.id }));
      return [];
    }
    return [{ messageId: data.data.messageId, status: data.data.status, statusMessage: data.data.deliveryStatusDetails?.statusMessage ?? null }];
  });
}
