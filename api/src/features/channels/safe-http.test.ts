import { describe, expect, it } from 'vitest';
import { isPrivateAddress, PrivateAddressError, resolvePublic } from './safe-http.js';

describe('isPrivateAddress', () => {
  it.each([
    '127.0.0.1',
    '10.1.2.3',
    '172.16.0.1',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '::1',
    '::',
    'fd00:ec2::254',
    'fe80::1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '::ffff:a9fe:a9fe',
    // IPv6 forms that carry a private IPv4 address, and special ranges.
    '64:ff9b::a9fe:a9fe',
    '2002:a9fe:a9fe::',
    '::127.0.0.1',
    '::ffff:0:7f00:1',
    'fec0::1',
    '2001:db8::1',
    '2001:0:4136:e378:8000:63bf:3fff:fdd2',
    'not an address',
  ])('%s is private', (address) => {
    expect(isPrivateAddress(address)).toBe(true);
  });

  it.each([
    '1.1.1.1',
    '93.184.216.34',
    '2606:4700:4700::1111',
    // A public IPv4 host through NAT64 and 6to4 stays reachable.
    '64:ff9b::5db8:d822',
    '2002:5db8:d822::1',
  ])('%s is public', (address) => {
    expect(isPrivateAddress(address)).toBe(false);
  });
});

describe('resolvePublic', () => {
  it('refuses a host name that resolves to loopback', async () => {
    await expect(resolvePublic('localhost')).rejects.toBeInstanceOf(PrivateAddressError);
  });
});
