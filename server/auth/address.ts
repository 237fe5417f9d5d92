/**
 * The address a request comes from, as a key for per-address limits
 * (connections per IP, failed joins). IPv6 addresses are keyed by their /64:
 * one host usually holds a whole /64, so per-address limits on full IPv6
 * addresses would be trivial to dodge.
 */
import type { IncomingMessage } from 'node:http';

/**
 * The client's address. With `trustProxy`, the last X-Forwarded-For entry
 * (the one our own proxy appended; earlier entries are whatever the client
 * claimed); else the socket's peer address.
 */
export function clientAddress(req: IncomingMessage, trustProxy: boolean): string {
  if (trustProxy) {
    const header = req.headers['x-forwarded-for'];
    const value = Array.isArray(header) ? header.join(',') : header;
    const last = value
      ?.split(',')
      .map((part) => part.trim())
      .filter(Boolean)
      .at(-1);
    if (last) return addressKey(last);
  }
  return addressKey(req.socket.remoteAddress ?? 'unknown');
}

/** Normalise an address into a limit key: IPv4 as is (also when IPv4-mapped), IPv6 by its /64. */
export function addressKey(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1]!;
  if (!address.includes(':')) return address;
  const hextets = expandIpv6(address.replace(/%.*$/, ''));
  return hextets ? `${hextets.slice(0, 4).join(':')}::/64` : address;
}

function expandIpv6(address: string): string[] | null {
  const halves = address.toLowerCase().split('::');
  if (halves.length > 2) return null;
  const head = halves[0] ? halves[0].split(':') : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const missing = 8 - head.length - tail.length;
  if (missing < 0 || (halves.length === 1 && missing !== 0)) return null;
  const all = [...head, ...Array<string>(missing).fill('0'), ...tail];
  if (!all.every((h) => /^[0-9a-f]{1,4}$/.test(h))) return null;
  return all.map((h) => h.replace(/^0+(?=.)/, ''));
}
