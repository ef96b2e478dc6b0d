// A TableClient that counts the requests it sends (each try of each operation): for tests of how
// many round trips a burst of work costs.

import { TableClient } from '@azure/data-tables';

export function countedTableClient(connectionString: string, tableName: string): { client: TableClient; requests: () => number } {
  let requests = 0;
  const client = TableClient.fromConnectionString(connectionString, tableName, {
    allowInsecureConnection: true,
    additionalPolicies: [
      {
        policy: {
          name: 'countRequests',
          sendRequest(request, next) {
            requests++;
            return next(request);
          },
        },
        position: 'perCall',
      },
    ],
  });
  return { client, requests: () => requests };
}
