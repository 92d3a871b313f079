import type { NetworkInterfaceInfo } from 'node:os';
import { describe, expect, it } from 'vitest';
import { lanIPv4Addresses, lanUrls } from './lan-addresses';

const info = (address: string, family: 'IPv4' | 'IPv6', internal = false) =>
  ({ address, family, internal, netmask: '', mac: '', cidr: null }) as NetworkInterfaceInfo;

const table = {
  lo: [info('127.0.0.1', 'IPv4', true), info('::1', 'IPv6', true)],
  eth0: [info('192.168.1.20', 'IPv4'), info('fe80::1', 'IPv6')],
  wlan0: [info('10.0.0.5', 'IPv4'), info('192.168.1.20', 'IPv4')],
  down: undefined,
};

describe('LAN addresses', () => {
  it('lists external IPv4 addresses once each', () => {
    expect(lanIPv4Addresses(table)).toEqual(['192.168.1.20', '10.0.0.5']);
  });

  it('turns them into URLs', () => {
    expect(lanUrls(8080, table)).toEqual(['http://192.168.1.20:8080/', 'http://10.0.0.5:8080/']);
  });

  it('reads the real machine by default without throwing', () => {
    expect(Array.isArray(lanIPv4Addresses())).toBe(true);
  });
});
