/**
 * The address that joins this tab's room, for the join card (text and QR code). A teacher usually
 * opens the page on `localhost`, which no student's phone can reach: then the server's first LAN
 * address (from `GET /join-info`) is used instead. The room's chain rules go in too when they are
 * not the defaults, or a student would land on a different chain (another genesis block).
 * Pure: the caller reads `location` and fetches `/join-info`.
 */
import { DEFAULT_CHAIN_PARAMS, type ChainParams } from '../../shared/chain/params';

export interface JoinUrlInput {
  /** `location.origin` and `location.hostname` of this page. */
  pageOrigin: string;
  pageHostname: string;
  /** `/join-info`'s `lanOrigins`, e.g. ["http://192.168.1.20:8080"]; empty if unknown. */
  lanOrigins: readonly string[];
  room: string;
  chain: ChainParams;
}

/** Names only this machine can reach itself by (`location.hostname` writes IPv6 in brackets). */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  return host === 'localhost' || host.endsWith('.localhost') || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host) || host === '[::1]' || host === '::1';
}

/** The origin other devices should use: a LAN address when this page is on loopback, else its own. */
export function joinOrigin(input: Pick<JoinUrlInput, 'pageOrigin' | 'pageHostname' | 'lanOrigins'>): string {
  if (isLoopbackHost(input.pageHostname)) {
    for (const candidate of input.lanOrigins) {
      try {
        const url = new URL(candidate);
        if (url.protocol === 'http:' || url.protocol === 'https:') return url.origin;
      } catch {
        // not a URL: try the next one
      }
    }
  }
  return input.pageOrigin;
}

/** `ORIGIN/?room=ROOM[&difficulty=BITS][&interval=SECONDS]`, every value percent-encoded. */
export function buildJoinUrl(input: JoinUrlInput): string {
  const parts = [`room=${encodeURIComponent(input.room)}`];
  if (input.chain.difficulty !== DEFAULT_CHAIN_PARAMS.difficulty) parts.push(`difficulty=${input.chain.difficulty}`);
  if (input.chain.spacing !== DEFAULT_CHAIN_PARAMS.spacing) parts.push(`interval=${input.chain.spacing}`);
  return `${joinOrigin(input)}/?${parts.join('&')}`;
}

/** The same address for people to read and type: the room name in its own script, not %E6%95%B8…. */
export function readableJoinUrl(url: string): string {
  try {
    return decodeURI(url);
  } catch {
    return url; // a malformed escape cannot come from buildJoinUrl; show what we have
  }
}
