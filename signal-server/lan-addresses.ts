/**
 * The addresses other machines of the LAN can reach this one at, so the start-up banner can print
 * URLs a classmate can type. IPv6 is left out: link-local v6 URLs need a zone id browsers reject.
 */
import { networkInterfaces, type NetworkInterfaceInfo } from 'node:os';

type InterfaceTable = NodeJS.Dict<NetworkInterfaceInfo[]>;

/** Non-internal IPv4 addresses, deduplicated, in interface order. */
export function lanIPv4Addresses(interfaces: InterfaceTable = networkInterfaces()): string[] {
  const found = new Set<string>();
  for (const infos of Object.values(interfaces)) {
    for (const info of infos ?? []) {
      // Node 18.0–18.3 reported `family` as the number 4; accept both spellings.
      const isV4 = info.family === 'IPv4' || (info.family as unknown) === 4;
      if (isV4 && !info.internal) found.add(info.address);
    }
  }
  return [...found];
}

/** `http://ADDRESS:PORT/` for each LAN address. */
export function lanUrls(port: number, interfaces?: InterfaceTable): string[] {
  return lanIPv4Addresses(interfaces).map((address) => `http://${address}:${port}/`);
}
