import { describe, expect, it } from 'vitest';
import { localLinkPortNote, readSettings, SettingError } from '../src/settings';

function refusal(env: Record<string, string>): SettingError {
  try {
    readSettings(env);
  } catch (error) {
    if (error instanceof SettingError) return error;
    throw error;
  }
  throw new Error(`readSettings accepted ${JSON.stringify(env)}`);
}

describe('the abuse limits', () => {
  it('allow 120 submissions a client minute and 10 emails a recipient hour by default', () => {
    expect(readSettings({}).limits).toEqual({ submissionsPerClientMinute: 120, emailsPerRecipientHour: 10 });
  });

  it('take 0 for no submission limit (load tests on loopback) and any value the contract allows', () => {
    expect(readSettings({ SUBMISSION_LIMIT_PER_CLIENT_MINUTE: '0' }).limits.submissionsPerClientMinute).toBe(0);
    expect(readSettings({ SUBMISSION_LIMIT_PER_CLIENT_MINUTE: ' 100 ' }).limits.submissionsPerClientMinute).toBe(100);
    expect(readSettings({ EMAIL_HOURLY_LIMIT_PER_RECIPIENT: '3' }).limits.emailsPerRecipientHour).toBe(3);
  });

  it.each([
    ['SUBMISSION_LIMIT_PER_CLIENT_MINUTE', '99'], // the contract: any rate limit allows at least 100 a minute
    ['SUBMISSION_LIMIT_PER_CLIENT_MINUTE', '1001'],
    ['SUBMISSION_LIMIT_PER_CLIENT_MINUTE', '-1'],
    ['SUBMISSION_LIMIT_PER_CLIENT_MINUTE', 'off'],
    ['SUBMISSION_LIMIT_PER_CLIENT_MINUTE', '1.5e2'],
    ['EMAIL_HOURLY_LIMIT_PER_RECIPIENT', '0'],
    ['EMAIL_HOURLY_LIMIT_PER_RECIPIENT', '101'],
    ['EMAIL_HOURLY_LIMIT_PER_RECIPIENT', 'ten'],
  ])('refuses %s=%s with one line naming the setting', (setting, value) => {
    const error = refusal({ [setting]: value });
    expect(error.setting).toBe(setting);
    expect(error.message).toContain(setting);
    expect(error.message).not.toContain('\n');
  });
});

describe('OPS_NOTIFY_EMAIL', () => {
  it('is the operators\u2019 mailbox when set, trimmed, and null when unset or blank', () => {
    expect(readSettings({ OPS_NOTIFY_EMAIL: ' security-team@contoso.example ' }).opsNotifyEmail).toBe('security-team@contoso.example');
    expect(readSettings({}).opsNotifyEmail).toBeNull();
    expect(readSettings({ OPS_NOTIFY_EMAIL: '  ' }).opsNotifyEmail).toBeNull();
  });

  it.each(['security-team', 'Team <security@contoso.example>', 'a@contoso.example, b@contoso.example', 'a b@contoso.example', '@contoso.example'])(
    'refuses %j with one line naming the setting',
    (value) => {
      const error = refusal({ OPS_NOTIFY_EMAIL: value });
      expect(error.setting).toBe('OPS_NOTIFY_EMAIL');
      expect(error.message).toMatch(/^OPS_NOTIFY_EMAIL .* is not one email address/);
      expect(error.message).not.toContain('\n');
    },
  );
});

describe('the note when email links lead to another port', () => {
  it('names PUBLIC_BASE_URL and the port when a local run listens elsewhere', () => {
    expect(localLinkPortNote('http://127.0.0.1:7071', { PORT: '8080' })).toBe(
      "Links in emails lead to PUBLIC_BASE_URL (http://127.0.0.1:7071), not to this run's port 8080: set PUBLIC_BASE_URL to match",
    );
    expect(localLinkPortNote('http://localhost', { PORT: '7071' })).toContain('(http://localhost)');
  });

  it('says nothing when they agree, without PORT or with PORT=0, for an address that is not loopback, or in Azure', () => {
    expect(localLinkPortNote('http://127.0.0.1:8080', { PORT: '8080' })).toBeNull();
    expect(localLinkPortNote('http://127.0.0.1:7071', {})).toBeNull();
    expect(localLinkPortNote('http://127.0.0.1:7071', { PORT: '0' })).toBeNull();
    expect(localLinkPortNote('https://intake.contoso.example', { PORT: '8080' })).toBeNull();
    expect(localLinkPortNote('http://127.0.0.1:7071', { PORT: '8080', WEBSITE_SITE_NAME: 'func-intake' })).toBeNull();
  });
});
