const { startLocalHost } = require('@security-event-intake/local-host');
const t0 = performance.now();
const mode = process.argv[2];
startLocalHost({ appRoot: '.', port: 0, storageConnectionString: process.env.AzureWebJobsStorage, enableTimers: false, enableQueues: false, log: () => {} }).then(async (h) => {
  const t1 = performance.now();
  const body = JSON.stringify({ category: 'vulnerability', offerId: 'contoso-firewall', summary: 'Remote code execution in the logging component', description: 'x'.repeat(400), cveId: 'CVE-2021-44228', cvssVector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H', mitigation: { available: true, steps: 'Set it.' }, customerNotification: { requested: false }, reporter: { name: 'Ada', email: 'ada@contoso.example', locale: 'en' } });
  let t2 = t1;
  if (mode === 'health') { const r0 = await fetch(h.url + '/api/health'); await r0.text(); t2 = performance.now(); }
  const r = await fetch(h.url + '/api/tickets', { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  await r.text();
  const t3 = performance.now();
  const r2 = await fetch(h.url + '/api/tickets', { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  await r2.text();
  console.error(mode, 'start', (t1 - t0).toFixed(0), 'health', (t2 - t1).toFixed(0), 'first', (t3 - t2).toFixed(0), 'second', (performance.now() - t3).toFixed(0), r.status);
  await h.stop(); process.exit(0);
});
