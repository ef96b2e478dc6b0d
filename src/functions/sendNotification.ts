import path from 'node:path';
import { app, type InvocationContext } from '@azure/functions';
import { appServices } from '../composition';
import type { EmailSettings } from '../settings';
import { NOTIFICATION_QUEUE } from '../services/notificationQueue';
import { readNotificationMessage } from './notificationMessage';

app.storageQueue('sendNotification', {
  queueName: NOTIFICATION_QUEUE,
  connection: 'AzureWebJobsStorage',
  handler: async (queued: unknown, context: InvocationContext) => {
    const message = readNotificationMessage(queued, context);
    if (!message) return;
    const services = appServices();
    await services.ready();
    // Transient email or storage faults throw: the queue retries (host.json), then poisons.
    await services.notifier.send(message);
  },
});

// `npm start` (and the host log in Azure) says once where the emails go: a developer looks for
// the .eml files, an operator for the ACS resource. Never the connection string: it holds the key.
app.hook.appStart(() => {
  let email: EmailSettings;
  try {
    email = appServices().settings.email;
  } catch {
    return; // a bad setting: appHooks.ts reports it, once
  }
  // A start-up banner line (where the .eml files go), for the developer at the terminal, not a log entry.
  // eslint-disable-next-line no-console
  console.log(`Emails: ${emailDestination(email)}`);
});

function emailDestination(email: EmailSettings): string {
  switch (email.kind) {
    case 'outbox':
      return `written as .eml files to ${path.resolve(email.dir)} (no ACS setting)`;
    case 'acs-identity':
      return `sent through Azure Communication Services at ${new URL(email.endpoint).origin} (managed identity), from ${email.sender}`;
    case 'acs-connection-string': {
      const endpoint = /endpoint=([^;]+)/i.exec(email.connectionString)?.[1] ?? '';
      return `sent through Azure Communication Services at ${URL.canParse(endpoint) ? new URL(endpoint).origin : 'the configured endpoint'} (access key), from ${email.sender}`;
    }
  }
}
