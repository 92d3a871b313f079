import { describe, expect, it } from 'vitest';
import { DEFAULT_CHAIN_PARAMS } from '../shared/chain/params';
import { parsePeerArgs, type PeerOptions } from './args';

const run = (argv: string[]): PeerOptions => {
  const parsed = parsePeerArgs(argv, '/home/teacher');
  if (!parsed.ok || parsed.value.kind !== 'run') throw new Error(`expected options, got ${JSON.stringify(parsed)}`);
  return parsed.value.options;
};
const refusal = (argv: string[]): string => {
  const parsed = parsePeerArgs(argv, '/home/teacher');
  if (parsed.ok) throw new Error(`expected a refusal for ${argv.join(' ')}`);
  return parsed.detail;
};

describe('the headless peer command line', () => {
  it('defaults to the lobby on localhost:8080 as "archive", a folder per room, not mining, no mode asked for', () => {
    expect(run([])).toEqual({
      url: 'http://localhost:8080',
      room: 'lobby',
      nickname: 'archive',
      dataDir: '/home/teacher/.meshchain-peer/lobby',
      chain: DEFAULT_CHAIN_PARAMS,
      mineBlocks: 0,
    });
  });

  it('takes the room, rules and mining the page takes, a room in any script in NFC form', () => {
    const options = run(['--url', 'http://192.168.1.20:8080/', '--room', 'Cafe\u0301', '--difficulty', '6', '--interval', '0', '--mine-blocks', '2']);
    expect(options.url).toBe('http://192.168.1.20:8080');
    expect(options.room).toBe('Café');
    expect(options.chain).toEqual({ ...DEFAULT_CHAIN_PARAMS, difficulty: 6, spacing: 0 });
    expect(options.mineBlocks).toBe(2);
    expect(run(['--mine']).mineBlocks).toBe(Infinity);
    expect(run(['--topology', 'kademlia']).topology).toBe('kademlia');
    expect(run(['--room', '數學課']).dataDir).toBe(`/home/teacher/.meshchain-peer/${encodeURIComponent('數學課')}`);
  });

  it('refuses bad flags with a sentence that names the flag', () => {
    expect(refusal(['--url', 'localhost:8080'])).toMatch(/--url "localhost:8080" must start with http/);
    expect(refusal(['--url', 'not a url'])).toMatch(/--url "not a url" is not a URL/);
    expect(refusal(['--room', ''])).toMatch(/--room "" is not a room name/);
    expect(refusal(['--difficulty', 'six'])).toMatch(/--difficulty "six" is not a number/);
    expect(refusal(['--difficulty', '999'])).toMatch(/difficulty must be a whole number of bits/);
    expect(refusal(['--mine-blocks', '0'])).toMatch(/--mine-blocks "0" must be a whole number ≥ 1/);
    expect(refusal(['--mine', '--mine-blocks', '3'])).toMatch(/not both/);
    expect(refusal(['--topology', 'star'])).toMatch(/--topology "star" is not a mode; give one of mesh, unstructured, kademlia/);
    expect(refusal(['--rooom', 'x'])).toMatch(/rooom/);
  });
});
