import { describe, expect, it } from 'vitest';
import { keptAddress } from '../../collector/client-address.js';

describe('what the collector keeps of a client address (COLLECTOR_IP)', () => {
  it('keeps the network only: IPv4 /24, IPv6 /48, IPv4-mapped IPv6 as IPv4', () => {
    expect(keptAddress('203.0.113.77', 'truncate')).toBe('203.0.113.0/24');
    expect(keptAddress('2001:db8:85a3:8d3:1319:8a2e:370:7348', 'truncate')).toBe('2001:db8:85a3::/48');
    expect(keptAddress('2001:db8::1', 'truncate')).toBe('2001:db8:0::/48');
    expect(keptAddress('::ffff:198.51.100.9', 'truncate')).toBe('198.51.100.0/24');
  });

  it('keeps nothing when told to drop it, or when there is no readable address', () => {
    expect(keptAddress('203.0.113.77', 'drop')).toBeNull();
    expect(keptAddress(undefined, 'truncate')).toBeNull();
    expect(keptAddress('not-an-address', 'truncate')).toBeNull();
  });
});
