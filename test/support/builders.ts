// Test data builders: a test states only what matters to it.

import type { Ticket } from '../../src/domain/ticket';

/** A POST /api/tickets JSON body. Loose on purpose: tests also build invalid bodies. */
export interface SubmissionJson {
  category: string;
  offerId: string;
  summary: string;
  description: string;
  cveId?: string;
  cvssVector?: string;
  mitigation?: { available: boolean; steps?: string };
  customerNotification?: { requested: boolean; message?: string };
  reporter: { name: string; email: string; locale?: string };
  [field: string]: unknown;
}

/** Overrides merged into a body: nested objects merge, other values replace, `undefined` removes the field. */
export type Overrides = { [field: string]: unknown };

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function deepMerge(base: Record<string, unknown>, overrides: Overrides): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(overrides)) {
    const current = merged[key];
    if (value === undefined) delete merged[key];
    else if (isPlainObject(value) && isPlainObject(current)) merged[key] = deepMerge(current, value);
    else merged[key] = value;
  }
  return merged;
}

/** A valid incident submission (no locale: Accept-Language decides), deep-merged with `overrides`; a fresh object every call. */
export function aSubmission(overrides: Overrides = {}): SubmissionJson {
  const base = {
    category: 'incident',
    offerId: 'contoso-firewall',
    summary: 'Admin console reachable without login',
    description: 'The admin console of the firewall appliance answers on its public IP address without asking for credentials.',
    reporter: { name: 'Ada Lovelace', email: 'ada@contoso.example' },
  };
  return deepMerge(structuredClone(base), structuredClone(overrides)) as SubmissionJson;
}

/**
 * A stored ticket: a submitted, unacknowledged vulnerability (CVSS critical) with distinctive
 * secret-looking details, so a test can prove an email or page leaves them out; `overrides`
 * replace whole fields.
 */
export function aTicket(overrides: Partial<Ticket> = {}): Ticket {
  return {
    confirmationNumber: 'SE-7K2M-9QXH-4TRB',
    category: 'vulnerability',
    offerId: 'contoso-firewall',
    summary: 'Remote code execution in the admin console',
    description: 'DESCRIPTION-SECRET: send ${jndi:ldap://x} to /admin',
    cveId: 'CVE-2021-44228',
    cvssVector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H',
    cvss: { version: '3.1', baseScore: 10, baseSeverity: 'critical', score: 10, severity: 'critical' },
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
    // As a Ticket: a test names a resolved ticket's status and outcome together in its overrides.
  } as Ticket;
}

/** The body as the HTML form sends it: dotted field names, checkboxes as "on" (unchecked: not sent). */
export function asFormFields(body: Record<string, unknown>, prefix = ''): Array<[string, string]> {
  const fields: Array<[string, string]> = [];
  for (const [key, value] of Object.entries(body)) {
    const name = prefix + key;
    if (isPlainObject(value)) fields.push(...asFormFields(value, `${name}.`));
    else if (value === true) fields.push([name, 'on']);
    else if (value !== false && value !== undefined && value !== null) fields.push([name, String(value)]);
  }
  return fields;
}
