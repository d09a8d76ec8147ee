import { isIPv4, isIPv6 } from 'node:net';

/**
 * What the collector keeps of a client's address (COLLECTOR_IP): the network only (`truncate`: IPv4
 * /24, IPv6 /48), or nothing (`drop`). Pure. The whole address is used in memory only (rate limiting).
 */
export function keptAddress(address: string | undefined, mode: 'truncate' | 'drop'): string | null {
  if (mode === 'drop' || !address) return null;
  const plain = address.startsWith('::ffff:') && isIPv4(address.slice(7)) ? address.slice(7) : address;
  if (isIPv4(plain)) return `${plain.split('.').slice(0, 3).join('.')}.0/24`;
  if (isIPv6(plain)) {
    const [head = '', tail = ''] = plain.split('::');
    const left = head ? head.split(':') : [];
    const right = tail ? tail.split(':') : [];
    const groups = plain.includes('::') ? [...left, ...Array(8 - left.length - right.length).fill('0'), ...right] : left;
    return `${groups
      .slice(0, 3)
      .map((group) => group.replace(/^0+(?=.)/, '').toLowerCase())
      .join(':')}::/48`;
  }
  return null;
}
