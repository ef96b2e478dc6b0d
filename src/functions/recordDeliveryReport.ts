import { app, type InvocationContext } from '@azure/functions';
import { appServices } from '../composition';
import { DELIVERY_REPORT_QUEUE, readDeliveryReports } from './deliveryReportMessage';

app.storageQueue('recordDeliveryReport', {
  queueName: DELIVERY_REPORT_QUEUE,
  connection: 'AzureWebJobsStorage',
  handler: async (queued: unknown, context: InvocationContext) => {
    const reports = readDeliveryReports(queued, context);
    if (reports.length === 0) return;
    const services = appServices();
    await services.ready();
    // A storage fault throws: the queue retries (host.json), then poisons.
    for (const report of reports) await services.deliveryReports.record(report);
  },
});
