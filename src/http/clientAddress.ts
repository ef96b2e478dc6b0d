// Who is asking, as far as the platform can tell: the key the submission limit counts by.
//
// Every request to a Function App passes App Service's front end, which sets `client-ip` to the
// address and port it accepted the connection from, overwriting whatever the client sent
// (Azure/app-service-linux-docs, "Headers on Azure App Service"), and appends the same `ip:port`
// to `X-Forwarded-For`. Only what the front end wrote counts: the earlier entries of
// X-Forwarded-For are whatever the client chose to send, so its first entry would let a client be
// anyone. The local host (tools/local-host) writes both headers from the socket the same way;
// `func start` has no front end and writes neither, so there every request is one client.

import { isIP } from 'node:net';

/** The key of requests that carry no address the platform wrote (not in Azure or the local host). */
export const UNKNOWN_CLIENT = 'unknown';

/**
 * The client's key: its IPv4 address, or the /64 network of its IPv6 address (one subscriber
 * usually holds a whole /64, so counting single IPv6 addresses would count nothing).
 */
export function clientKey(headers: { get(name: string): string | null }): string {
  return addressKey(headers.get('client-ip')) ?? addressKey(lastEntry(headers.get('x-forwarded-for'))) ?? UNKNOWN_CLIENT;
}

function lastEntry(list: string | null): string | null {
  if (list === null) return null;
  const entries = list.split(',');
  return entries[entries.length - 1] ?? null;
}

const IPV4_WITH_PORT = /^(\d{1,3}(?:\.\d{1,3}){3}):\d{1,5}$/;
const BRACKETED_IPV6 = /^\[([^\]]+)\](?::\d{1,5})?$/;
const IPV4_MAPPED = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i;

function addressKey(value: string | null): string | null {
  if (value === null) return null;
  let address = value.trim();
  address = IPV4_WITH_PORT.exec(address)?.[1] ?? BRACKETED_IPV6.exec(address)?.[1] ?? address;
  address = address.replace(/%.*$/, ''); // an IPv6 zone (fe80::1%eth0) names our interface, not the client
  switch (isIP(address)) {
    case 4:
      return address;
    case 6: {
      const mapped = IPV4_MAPPED.exec(address)?.[1];
      return mapped ?? ipv6Network(address);
    }
    default:
      return null;
  }
}

/** `2001:db8:a:b::/64` for any address in that network (a valid IPv6 address expected). */
function ipv6Network(address: string): string {
  let text = address.toLowerCase();
  const embedded = /(\d{1,3}(?:\.\d{1,3}){3})$/.exec(text)?.[1];
  if (embedded) {
    // A trailing dotted IPv4 part is the last two groups.
    const [a, b, c, d] = embedded.split('.').map(Number) as [number, number, number, number];
    text = `${text.slice(0, -embedded.length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  const groups = tail === undefined ? left : [...left, ...new Array<string>(8 - left.length - right.length).fill('0'), ...right];
  return `${groups
    .slice(0, 4)
    .map((group) => parseInt(group, 16).toString(16))
    .join(':')}::/64`;
}
