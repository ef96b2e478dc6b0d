import { describe, expect, it } from 'vitest';
import { clientKey, UNKNOWN_CLIENT } from '../../src/http/clientAddress';

const key = (headers: Record<string, string>) => clientKey(new Headers(headers));

describe('clientKey', () => {
  it("takes the address App Service's front end put in client-ip, without its port", () => {
    expect(key({ 'client-ip': '203.0.113.7:51234' })).toBe('203.0.113.7');
    expect(key({ 'client-ip': '[2001:db8:a:b:1:2:3:4]:51234' })).toBe('2001:db8:a:b::/64');
  });

  it("never believes the entries a client put in front of X-Forwarded-For: only the last one, the front end's", () => {
    expect(key({ 'x-forwarded-for': '198.51.100.1, 10.0.0.9, 203.0.113.7:51234' })).toBe('203.0.113.7');
    // client-ip is written by the platform whatever the client sends, so it wins over the list
    expect(key({ 'x-forwarded-for': '198.51.100.1', 'client-ip': '203.0.113.7:443' })).toBe('203.0.113.7');
  });

  it('counts an IPv6 client by its /64, however the address is written', () => {
    for (const address of ['2001:db8:a:b::1', '2001:0DB8:000a:000b:ffff:ffff:ffff:ffff', '[2001:db8:a:b::2]', '2001:db8:a:b:0:0:1.2.3.4']) {
      expect(key({ 'client-ip': address })).toBe('2001:db8:a:b::/64');
    }
    expect(key({ 'client-ip': '::1' })).toBe('0:0:0:0::/64');
    expect(key({ 'client-ip': 'fe80::1%eth0' })).toBe('fe80:0:0:0::/64');
    expect(key({ 'client-ip': '2001:db8:a:c::1' })).not.toBe(key({ 'client-ip': '2001:db8:a:b::1' }));
  });

  it('counts an IPv4-mapped IPv6 address as the IPv4 address', () => {
    expect(key({ 'client-ip': '::ffff:192.0.2.10' })).toBe('192.0.2.10');
    expect(key({ 'x-forwarded-for': '[::ffff:192.0.2.10]:8080' })).toBe('192.0.2.10');
  });

  it('puts requests without an address the platform wrote into one shared key', () => {
    expect(key({})).toBe(UNKNOWN_CLIENT);
    expect(key({ 'client-ip': 'not-an-address', 'x-forwarded-for': 'unknown' })).toBe(UNKNOWN_CLIENT);
    expect(key({ 'client-ip': '999.1.1.1:80' })).toBe(UNKNOWN_CLIENT);
  });
});
