import type { Ticket } from '../../src/domain/ticket';

/** A ticket with distinctive secret-looking details, so tests can prove an email leaves them out. */
export function aTicket(overrides: Partial<Ticket> = {}): Ticket {
  // As a Ticket: a test names a resolved ticket's status and outcome together in its overrides.
  return {
    confirmationNumber: 'SE-7K2M-9QXH-4TRB',
    category: 'vulnerability',
    offerId: 'contoso-firewall',
    summary: 'Remote code execution in the admin console',
    description: 'DESCRIPTION-SECRET: send ${jndi:ldap://x} to /admin',
    cveId: 'CVE-2021-44228',
    cvssVector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H',
    cvss: { version: '3.1', baseScore: 10, severity: 'critical' },
    mitigation: { available: true, steps: 'STEPS-SECRET: disable lookups' },
    customerNotification: { requested: true, message: 'NOTIFICATION-SECRET draft' },
    reporter: { name: 'Ada Lovelace', email: 'ada@contoso.example', locale: 'en' },
    status: 'submitted',
    submittedAt: '2025-01-13T09:30:00.000Z',
    acknowledgeBy: '2025-01-14T09:30:00.000Z',
    acknowledgedAt: null,
    slaBreached: false,
    priority: null,
    severity: null,
    outcome: null,
    ...overrides,
  } as Ticket;
}
