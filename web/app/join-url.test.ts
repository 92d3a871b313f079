import { describe, expect, it } from 'vitest';
import { DEFAULT_CHAIN_PARAMS } from '../../shared/chain/params';
import { readPageParams } from './page-params';
import { buildJoinUrl, isLoopbackHost, joinOrigin, readableJoinUrl } from './join-url';

const lan = ['http://192.168.1.20:8080', 'http://10.0.0.5:8080'];

describe('join URL', () => {
  it('uses the first LAN address when the page was opened on this machine', () => {
    for (const [origin, host] of [
      ['http://localhost:8080', 'localhost'],
      ['http://127.0.0.1:8080', '127.0.0.1'],
      ['http://127.1.2.3:8080', '127.1.2.3'],
      ['http://[::1]:8080', '[::1]'],
    ] as const) {
      expect(joinOrigin({ pageOrigin: origin, pageHostname: host, lanOrigins: lan })).toBe('http://192.168.1.20:8080');
    }
  });

  it('keeps the page origin when students can already reach it, or no LAN address is known', () => {
    expect(joinOrigin({ pageOrigin: 'http://192.168.1.20:8080', pageHostname: '192.168.1.20', lanOrigins: lan })).toBe('http://192.168.1.20:8080');
    expect(joinOrigin({ pageOrigin: 'https://class.example', pageHostname: 'class.example', lanOrigins: lan })).toBe('https://class.example');
    expect(joinOrigin({ pageOrigin: 'http://localhost:8080', pageHostname: 'localhost', lanOrigins: [] })).toBe('http://localhost:8080');
  });

  it('skips LAN entries that are not http(s) URLs', () => {
    expect(joinOrigin({ pageOrigin: 'http://localhost:1', pageHostname: 'localhost', lanOrigins: ['nonsense', 'javascript:alert(1)', 'http://10.0.0.5:8080/'] })).toBe(
      'http://10.0.0.5:8080',
    );
  });

  it('tells loopback names from LAN names', () => {
    expect(isLoopbackHost('LOCALHOST')).toBe(true);
    expect(isLoopbackHost('127.0.0.1')).toBe(true);
    expect(isLoopbackHost('192.168.1.20')).toBe(false);
    expect(isLoopbackHost('localhost.example.com')).toBe(false);
    expect(isLoopbackHost('127.example.com')).toBe(false);
  });

  it('percent-encodes the room and adds chain rules only when they differ from the defaults', () => {
    const base = { pageOrigin: 'http://localhost:8080', pageHostname: 'localhost', lanOrigins: lan };
    expect(buildJoinUrl({ ...base, room: 'team-a', chain: DEFAULT_CHAIN_PARAMS })).toBe('http://192.168.1.20:8080/?room=team-a');
    const url = buildJoinUrl({ ...base, room: '數學課 & 1', chain: { ...DEFAULT_CHAIN_PARAMS, difficulty: 6, spacing: 0 } });
    expect(url).toBe('http://192.168.1.20:8080/?room=%E6%95%B8%E5%AD%B8%E8%AA%B2%20%26%201&difficulty=6&interval=0');
    expect(readableJoinUrl('http://192.168.1.20:8080/?room=%E6%95%B8%E5%AD%B8%E8%AA%B2')).toBe('http://192.168.1.20:8080/?room=數學課');
  });

  it('round-trips: the page opened at the join URL is in the same room with the same rules', () => {
    const chain = { ...DEFAULT_CHAIN_PARAMS, difficulty: 5, spacing: 30 };
    const url = new URL(buildJoinUrl({ pageOrigin: 'http://h:1', pageHostname: 'h', lanOrigins: [], room: 'équipe-a', chain }));
    const params = readPageParams(url.search);
    expect(params.room).toBe('équipe-a');
    expect(params.chain).toEqual(chain);
  });
});
