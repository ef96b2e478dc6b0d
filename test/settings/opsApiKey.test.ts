import { describe, expect, it } from 'vitest';
import { SettingError, readSettings, withLocalOperatorKey } from '../../src/settings';

function settingsWith(opsApiKey: string) {
  return readSettings({ AzureWebJobsStorage: 'UseDevelopmentStorage=true', OPS_API_KEY: opsApiKey });
}

function refusal(opsApiKey: string): SettingError | null {
  try {
    settingsWith(opsApiKey);
    return null;
  } catch (error) {
    if (error instanceof SettingError) return error;
    throw error;
  }
}

describe('OPS_API_KEY', () => {
  it('refuses a key with a space inside, naming the setting (a bearer token cannot carry it)', () => {
    const error = refusal('correct horse battery staple');
    expect(error?.setting).toBe('OPS_API_KEY');
    expect(error?.message).toMatch(/^OPS_API_KEY /);
  });

  it.each(['tab\tinside-0123456789', 'comma,inside-0123456789', 'quote"inside-0123456789', 'umlaut-ä-0123456789'])('refuses %j', (key) => {
    expect(refusal(key)?.setting).toBe('OPS_API_KEY');
  });

  it('accepts the keys npm start generates and base64 keys with padding', () => {
    expect(settingsWith('Jx3_kQ-9zZ0aB1cD2eF3gH4iJ5kL6mN7').opsApiKey).toBe('Jx3_kQ-9zZ0aB1cD2eF3gH4iJ5kL6mN7');
    expect(settingsWith('dGhpcyBpcyBhIGtleSBvZiBvdXJz+/==').opsApiKey).toBe('dGhpcyBpcyBhIGtleSBvZiBvdXJz+/==');
  });

  it('still trims surrounding whitespace from a key pasted with a newline', () => {
    expect(settingsWith('  Jx3_kQ-9zZ0aB1cD2eF3gH4iJ5kL6mN7\n').opsApiKey).toBe('Jx3_kQ-9zZ0aB1cD2eF3gH4iJ5kL6mN7');
  });
});

describe('withLocalOperatorKey', () => {
  const configured = (env: Record<string, string>) => readSettings({ AzureWebJobsStorage: 'UseDevelopmentStorage=true', ...env });

  it('gives a local run without OPS_API_KEY a fresh key in new settings, leaving the given ones as they were', () => {
    const settings = configured({});
    const local = withLocalOperatorKey(settings, {});
    expect(local).not.toBe(settings);
    expect(settings.opsApiKey).toBeNull();
    expect(local.opsApiKey).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect({ ...local, opsApiKey: null }).toEqual(settings);
    expect(withLocalOperatorKey(settings, {}).opsApiKey).not.toBe(local.opsApiKey);
  });

  it('leaves the settings alone in Azure (WEBSITE_SITE_NAME) and when a key is configured', () => {
    const inAzure = configured({});
    expect(withLocalOperatorKey(inAzure, { WEBSITE_SITE_NAME: 'intake' })).toBe(inAzure);
    const withKey = configured({ OPS_API_KEY: 'Jx3_kQ-9zZ0aB1cD2eF3gH4iJ5kL6mN7' });
    expect(withLocalOperatorKey(withKey, {})).toBe(withKey);
  });
});
