// Queue messages are validated like any other input: a malformed one is logged and dropped.

import type { InvocationContext } from '@azure/functions';
import { z } from 'zod';
import { NOTIFIABLE_EVENTS } from '../domain/vocabulary';
import type { NotificationMessage } from '../services/notificationQueue';

const eventIdSchema = z.string().regex(/^[A-Za-z0-9._~-]{1,64}$/);

const messageSchema = z.object({
  confirmationNumber: z.string().min(6).max(32),
  event: z.enum(NOTIFIABLE_EVENTS),
  // The ticket store's id of the event, opaque here: only its size and alphabet are checked.
  eventId: eventIdSchema.optional(),
  // Messages queued before events had ids name the event by its history row ('h-0001'), which the
  // store still takes as that event's id.
  eventKey: eventIdSchema.optional(),
  queuedAt: z.iso.datetime().optional(),
  deferred: z.literal(true).optional(),
  withoutPendingRow: z.literal(true).optional(),
  audience: z.literal('operators').optional(),
  notice: z.literal('email-held-back').optional(),
  rejection: z.string().max(200).optional(),
});

export function readNotificationMessage(queued: unknown, context: InvocationContext): NotificationMessage | null {
  const value = typeof queued === 'string' ? safeJson(queued) : queued;
  const parsed = messageSchema.safeParse(value);
  const eventId = parsed.data?.eventId ?? parsed.data?.eventKey;
  if (!parsed.success || eventId === undefined) {
    context.warn(JSON.stringify({ level: 'warn', message: 'malformed notification message dropped' }));
    return null;
  }
  // A message queued before messages carried their time sorts by when the queue took it.
  const { rejection, queuedAt, deferred, withoutPendingRow, audience, notice, eventKey: _old, eventId: _id, ...rest } = parsed.data;
  return {
    ...rest,
    eventId,
    queuedAt: queuedAt ?? insertionTime(context),
    ...(audience ? { audience } : {}),
    ...(audience && notice ? { notice } : {}),
    ...(deferred ? { deferred } : {}),
    ...(withoutPendingRow ? { withoutPendingRow } : {}),
    ...(rejection !== undefined ? { rejection } : {}),
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

function insertionTime(context: InvocationContext): string {
  const inserted = context.triggerMetadata?.insertionTime;
  const at = inserted instanceof Date ? inserted : new Date(typeof inserted === 'string' ? inserted : Number.NaN);
  return Number.isNaN(at.getTime()) ? new Date().toISOString() : at.toISOString();
}
