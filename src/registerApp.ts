// Every function of the app, registered in one place: its name, trigger and bindings here, its
// handler in src/functions/ (built from the services it is given, nothing done at import). The
// entry the worker loads (src/index.ts) calls this once; so does the tests' entry, with services
// a test can build again.

import { app } from '@azure/functions';
import { registerHooks } from './appHooks';
import type { AppState, ServiceSource } from './composition';
import { acknowledgeTicket } from './functions/acknowledgeTicket';
import { addAttachment } from './functions/addAttachment';
import { approveCustomerNotice } from './functions/approveCustomerNotice';
import { changeTicketStatus } from './functions/changeTicketStatus';
import { consoleQueue } from './functions/consoleQueue';
import { consoleScript } from './functions/consoleScript';
import { consoleSignIn } from './functions/consoleSignIn';
import { consoleSignInPage } from './functions/consoleSignInPage';
import { consoleSignOut } from './functions/consoleSignOut';
import { consoleSla } from './functions/consoleSla';
import { consoleTicket } from './functions/consoleTicket';
import { consoleTicketAction } from './functions/consoleTicketAction';
import { consoleTicketFile } from './functions/consoleTicketFile';
import { consoleTicketUpload } from './functions/consoleTicketUpload';
import { getAttachment } from './functions/getAttachment';
import { getCustomerNotice } from './functions/getCustomerNotice';
import { getSlaReport } from './functions/getSlaReport';
import { getTicket } from './functions/getTicket';
import { getTicketReport } from './functions/getTicketReport';
import { handleFailedNotification } from './functions/handleFailedNotification';
import { health } from './functions/health';
import { listAttachments } from './functions/listAttachments';
import { listMessages } from './functions/listMessages';
import { listTickets } from './functions/listTickets';
import { openApiDocument } from './functions/openApiDocument';
import { postMessage } from './functions/postMessage';
import { proposeCustomerNotice } from './functions/proposeCustomerNotice';
import { proposeCustomerNoticeByForm } from './functions/proposeCustomerNoticeByForm';
import { reconcileTickets } from './functions/reconcileTickets';
import { recordDeliveryReport } from './functions/recordDeliveryReport';
import { requeueNotifications } from './functions/requeueNotifications';
import { sendNotification } from './functions/sendNotification';
import { slaSweep } from './functions/slaSweep';
import { statusPageScript } from './functions/statusPageScript';
import { submitTicket } from './functions/submitTicket';
import { viewTicket } from './functions/viewTicket';
import { DELIVERY_REPORT_QUEUE } from './queueMessages/deliveryReportMessage';
import { NOTIFICATION_POISON_QUEUE, NOTIFICATION_QUEUE } from './services/notificationQueue';
import { CONSOLE_SCRIPT_PATH } from './web/console/consoleLayout';
import { STATUS_PAGE_SCRIPT_PATH } from './web/pages';

/** Registers the hooks and every function; `state` is asked at each start and invocation. */
export function registerApp(state: () => AppState): void {
  registerHooks(state);
  // A bad setting never gets this far: the preInvocation hook answers for it (src/appHooks.ts).
  const services: ServiceSource = (output) => {
    const current = state();
    if ('refusal' in current) throw current.refusal;
    return output ? current.services.forInvocation(output) : current.services;
  };

  app.http('acknowledgeTicket', {
    methods: ['POST'],
    route: 'tickets/{confirmationNumber}/acknowledge',
    authLevel: 'anonymous', // operators authenticate in the handler (OPS_API_KEY or Entra ID role)
    handler: acknowledgeTicket(services),
  });

  app.http('addAttachment', {
    methods: ['POST'],
    route: 'tickets/{confirmationNumber}/attachments',
    authLevel: 'anonymous', // the reporter's token or an operator credential, checked in the handler
    handler: addAttachment(services),
  });

  app.http('approveCustomerNotice', {
    methods: ['POST'],
    route: 'tickets/{confirmationNumber}/customer-notice/approve',
    authLevel: 'anonymous', // the reporter's token or an operator credential, checked in the handler
    handler: approveCustomerNotice(services),
  });

  app.http('changeTicketStatus', {
    methods: ['POST'],
    route: 'tickets/{confirmationNumber}/status',
    authLevel: 'anonymous', // operators authenticate in the handler (OPS_API_KEY or Entra ID role)
    handler: changeTicketStatus(services),
  });

  app.http('consoleQueue', {
    methods: ['GET'],
    route: 'console',
    authLevel: 'anonymous', // a console session (src/http/consoleAccess.ts), checked in the handler
    handler: consoleQueue(services),
  });

  app.http('consoleScript', {
    methods: ['GET'],
    route: CONSOLE_SCRIPT_PATH.replace(/^\/api\//, ''),
    authLevel: 'anonymous',
    handler: consoleScript(services),
  });

  app.http('consoleSignIn', {
    methods: ['POST'],
    route: 'console/sign-in',
    authLevel: 'anonymous',
    handler: consoleSignIn(services),
  });

  app.http('consoleSignInPage', {
    methods: ['GET'],
    route: 'console/sign-in',
    authLevel: 'anonymous',
    handler: consoleSignInPage(services),
  });

  app.http('consoleSignOut', {
    methods: ['POST'],
    route: 'console/sign-out',
    authLevel: 'anonymous', // a console session with its CSRF token, checked in the handler
    handler: consoleSignOut(services),
  });

  app.http('consoleSla', {
    methods: ['GET'],
    route: 'console/sla',
    authLevel: 'anonymous', // a console session (src/http/consoleAccess.ts), checked in the handler
    handler: consoleSla(services),
  });

  app.http('consoleTicket', {
    methods: ['GET'],
    route: 'console/tickets/{confirmationNumber}',
    authLevel: 'anonymous', // a console session (src/http/consoleAccess.ts), checked in the handler
    handler: consoleTicket(services),
  });

  // One function for every action of the ticket's page; the action is the last segment (src/web/console/actionForms.ts).
  app.http('consoleTicketAction', {
    methods: ['POST'],
    route: 'console/tickets/{confirmationNumber}/{action}',
    authLevel: 'anonymous', // a console session with its CSRF token, checked in the handler
    handler: consoleTicketAction(services),
  });

  app.http('consoleTicketFile', {
    methods: ['GET'],
    route: 'console/tickets/{confirmationNumber}/files/{id}',
    authLevel: 'anonymous', // a console session (src/http/consoleAccess.ts), checked in the handler
    handler: consoleTicketFile(services),
  });

  // The literal segment takes precedence over consoleTicketAction's {action}.
  app.http('consoleTicketUpload', {
    methods: ['POST'],
    route: 'console/tickets/{confirmationNumber}/files',
    authLevel: 'anonymous', // a console session with its CSRF token, checked in the handler
    handler: consoleTicketUpload(services),
  });

  app.http('getAttachment', {
    methods: ['GET'],
    route: 'tickets/{confirmationNumber}/attachments/{id}',
    authLevel: 'anonymous', // the reporter's token or an operator credential, checked in the handler
    handler: getAttachment(services),
  });

  app.http('getCustomerNotice', {
    methods: ['GET'],
    route: 'tickets/{confirmationNumber}/customer-notice',
    authLevel: 'anonymous', // the reporter's token or an operator credential, checked in the handler
    handler: getCustomerNotice(services),
  });

  app.http('getSlaReport', {
    methods: ['GET'],
    route: 'ops/sla-report',
    authLevel: 'anonymous', // operators authenticate in the handler (OPS_API_KEY or Entra ID role)
    handler: getSlaReport(services),
  });

  app.http('getTicket', {
    methods: ['GET'],
    route: 'tickets/{confirmationNumber}',
    authLevel: 'anonymous',
    handler: getTicket(services),
  });

  app.http('getTicketReport', {
    methods: ['GET'],
    route: 'ops/tickets/{confirmationNumber}',
    authLevel: 'anonymous', // operators authenticate in the handler (OPS_API_KEY or Entra ID role)
    handler: getTicketReport(services),
  });

  app.storageQueue('handleFailedNotification', {
    queueName: NOTIFICATION_POISON_QUEUE,
    connection: 'AzureWebJobsStorage',
    handler: handleFailedNotification(services),
  });

  app.http('health', {
    methods: ['GET'],
    route: 'health',
    authLevel: 'anonymous',
    handler: health(services),
  });

  app.http('listAttachments', {
    methods: ['GET'],
    route: 'tickets/{confirmationNumber}/attachments',
    authLevel: 'anonymous', // the reporter's token or an operator credential, checked in the handler
    handler: listAttachments(services),
  });

  app.http('listMessages', {
    methods: ['GET'],
    route: 'tickets/{confirmationNumber}/messages',
    authLevel: 'anonymous', // the reporter's token or operator credentials, checked in the handler
    handler: listMessages(services),
  });

  app.http('listTickets', {
    methods: ['GET'],
    route: 'ops/tickets',
    authLevel: 'anonymous', // operators authenticate in the handler (OPS_API_KEY or Entra ID role)
    handler: listTickets(services),
  });

  app.http('openApiDocument', {
    methods: ['GET'],
    route: 'openapi.json',
    authLevel: 'anonymous',
    handler: openApiDocument(services),
  });

  app.http('postMessage', {
    methods: ['POST'],
    route: 'tickets/{confirmationNumber}/messages',
    authLevel: 'anonymous', // the reporter's token (a header; the status cookie with the page's CSRF token; the typed code) or operator credentials
    handler: postMessage(services),
  });

  app.http('proposeCustomerNotice', {
    methods: ['PUT'],
    route: 'tickets/{confirmationNumber}/customer-notice',
    authLevel: 'anonymous', // the reporter's token or an operator credential, checked in the handler
    handler: proposeCustomerNotice(services),
  });

  // The same proposal from the status page's plain form (no JavaScript needed).
  app.http('proposeCustomerNoticeByForm', {
    methods: ['POST'],
    route: 'tickets/{confirmationNumber}/customer-notice',
    authLevel: 'anonymous', // the status cookie with the page's CSRF token, or an operator credential
    handler: proposeCustomerNoticeByForm(services),
  });

  app.timer('reconcileTickets', {
    schedule: '0 15 3 * * *',
    useMonitor: true,
    handler: reconcileTickets(services),
  });

  app.storageQueue('recordDeliveryReport', {
    queueName: DELIVERY_REPORT_QUEUE,
    connection: 'AzureWebJobsStorage',
    handler: recordDeliveryReport(services),
  });

  app.timer('requeueNotifications', {
    schedule: '0 */2 * * * *',
    useMonitor: true,
    handler: requeueNotifications(services),
  });

  app.storageQueue('sendNotification', {
    queueName: NOTIFICATION_QUEUE,
    connection: 'AzureWebJobsStorage',
    handler: sendNotification(services),
  });

  // The host resolves %SLA_SWEEP_SCHEDULE% from the app settings (infra sets it; local.settings.json
  // for npm start): a default written into process.env here would reach neither Azure nor the local host.
  // Flex Consumption runs timers in UTC; the business calendar lives in our code (SLA_TIME_ZONE).
  app.timer('slaSweep', {
    schedule: '%SLA_SWEEP_SCHEDULE%',
    runOnStartup: false,
    useMonitor: true,
    handler: slaSweep(services),
  });

  app.http('statusPageScript', {
    methods: ['GET'],
    route: STATUS_PAGE_SCRIPT_PATH.replace(/^\/api\//, ''),
    authLevel: 'anonymous',
    handler: statusPageScript(services),
  });

  app.http('submitTicket', {
    methods: ['POST'],
    route: 'tickets',
    authLevel: 'anonymous',
    handler: submitTicket(services),
  });

  app.http('viewTicket', {
    methods: ['POST'],
    route: 'tickets/{confirmationNumber}/view',
    authLevel: 'anonymous',
    handler: viewTicket(services),
  });
}
