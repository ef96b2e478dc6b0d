import type { InvocationContext, StorageQueueHandler } from '@azure/functions';
import type { ServiceSource } from '../composition';
import { runInInvocation } from '../invocationOutput';
import { readDeliveryReports } from '../queueMessages/deliveryReportMessage';

/** An Event Grid delivery report of an email: recorded on its ticket, a failure alerted. */
export function recordDeliveryReport(services: ServiceSource): StorageQueueHandler {
  return (queued: unknown, context: InvocationContext) =>
    runInInvocation(context, async (output) => {
      const reports = readDeliveryReports(queued, context);
      if (reports.length === 0) return;
      const built = services(output);
      await built.ready();
      // A storage fault throws: the queue retries (host.json), then poisons.
      for (const report of reports) await built.deliveryReports.record(report);
    });
}
