import { describe, expect, it } from 'vitest';
import { reportBodySchema } from '../protocol/room-report';
import { headlessMembers } from './member-kinds';

const report = (name: string, kind?: 'tab' | 'headless') => ({ name, links: [], blocks: [], ...(kind ? { kind } : {}) });

describe('headless members of a room', () => {
  it('are the members whose latest report says kind: headless; no kind is a tab', () => {
    expect(headlessMembers([report('amy'), report('archive', 'headless'), report('bo', 'tab'), report('vault', 'headless')])).toEqual(['archive', 'vault']);
    // The later report for a name wins: a peer restarted as a tab (same name) is a tab again.
    expect(headlessMembers([report('archive', 'headless'), report('archive')])).toEqual([]);
  });

  it('validates kind in a report, old reports without it too, and refuses other kinds', () => {
    expect(reportBodySchema.safeParse(report('amy')).success).toBe(true);
    expect(reportBodySchema.parse(report('archive', 'headless')).kind).toBe('headless');
    expect(reportBodySchema.safeParse({ ...report('amy'), kind: 'robot' }).success).toBe(false);
  });
});
