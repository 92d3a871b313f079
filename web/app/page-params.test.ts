import { describe, expect, it } from 'vitest';
import { DEFAULT_CHAIN_PARAMS } from '../../shared/chain/params';
import { readPageParams } from './page-params';

describe('readPageParams', () => {
  it('takes room names in any script, NFC-normalised, so two spellings are one room', () => {
    for (const room of ['數學課', '第3組', 'équipe-a', 'team_b']) {
      const params = readPageParams(`?room=${encodeURIComponent(room)}`);
      expect(params.room).toBe(room);
      expect(params.problems).toEqual([]);
    }
    const decomposed = readPageParams(`?room=${encodeURIComponent('e\u0301quipe-a')}`);
    expect(decomposed.room).toBe('équipe-a');
  });

  it('falls back to the lobby and says why, as a key with the reason as context', () => {
    const params = readPageParams(`?room=${encodeURIComponent('abc\u202Edef')}`);
    expect(params.room).toBe('lobby');
    expect(params.problems).toEqual([
      { key: 'join:problem.room', params: expect.objectContaining({ context: 'bidi', fallback: 'lobby', room: 'abc\\u{202E}def' }) },
    ]);
    expect(readPageParams('?room=a/b').problems[0]?.params?.context).toBe('bad-shape');
    expect(readPageParams(`?room=${'x'.repeat(33)}`).problems[0]?.params?.context).toBe('too-long');
    expect(readPageParams('?room=').problems[0]?.params?.context).toBe('empty');
  });

  it('reads the chain rules and the overlay shape, refusing out-of-range values one by one', () => {
    const ok = readPageParams('?difficulty=6&interval=0&topology=kademlia&k=3&alpha=2');
    expect(ok.chain).toEqual({ ...DEFAULT_CHAIN_PARAMS, difficulty: 6, spacing: 0 });
    expect([ok.topology, ok.k, ok.alpha]).toEqual(['kademlia', 3, 2]);
    const bad = readPageParams('?difficulty=99&topology=ring&k=0&outbound=1.5');
    expect(bad.chain).toEqual(DEFAULT_CHAIN_PARAMS);
    expect(bad.problems.map((p) => p.key)).toEqual(['join:problem.difficulty', 'join:problem.topology', 'join:problem.k', 'join:problem.outbound']);
    expect(readPageParams('?interval=-1').problems.map((p) => p.key)).toEqual(['join:problem.interval']);
    // A reset round (?epoch=, set by the teacher's reset) is part of the chain's rules.
    expect(readPageParams('?difficulty=6&epoch=3').chain).toEqual({ ...DEFAULT_CHAIN_PARAMS, difficulty: 6, round: 3 });
  });

  it('takes ?nickname= only if it passes the nickname rule', () => {
    expect(readPageParams('?nickname=%20Amy%20').nickname).toBe('Amy');
    const bad = readPageParams('?nickname=self');
    expect(bad.nickname).toBeNull();
    expect(bad.problems.map((p) => p.key)).toEqual(['join:problem.nickname']);
  });
});
