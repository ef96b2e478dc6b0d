import type { InvocationContext, StorageQueueHandler } from '@azure/functions';
import type { ServiceSource } from '../composition';
import { withInvocationServices } from '../invocationOutput';
import { readDeliveryReports } from '../queueMessages/deliveryReportMessage';

/** An Event Grid delivery report of an email: recorded on its ticket, a failure alerted. */
export function recordDeliveryReport(services: ServiceSource): StorageQueueHandler {
  return withInvocationServices(services, async (built, queued: unknown, context: InvocationContext) => {
    const reports = readDeliveryReports(queued, context);
    if (reports.length === 0) return;
    await built.ready();
    // A storage fault throws: the queue retries (host.json), then poisons.
    for (const report of reports) await built.deliveryReports.record(report);
  });
}
