import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RoomControl } from '../../shared/protocol/room-controls';
import { MAX_JITTER_MS, MAX_LATENCY_MS, SLOW_MOTION_MS, type LinkConditions } from '../../shared/transport/conditioner';
import { headlessMembers } from '../../shared/telemetry/member-kinds';
import { groupLetter } from '../app/conditions-banner';
import { useMesh } from './use-mesh';

type Send = (control: RoomControl) => void;
export type DeskMember = { id: string | null; name: string; nickname: string; self: boolean; headless: boolean };

/**
 * Everyone in the room with a tab name (partition groups list tab names), this tab first, then by
 * nickname; `headless` marks a headless peer (npm run peer), as its room report says.
 */
export function useDeskMembers(): DeskMember[] {
  const self = useMesh((s) => s.self);
  const roster = useMesh((s) => s.roster);
  const headlessKey = useMesh((s) => headlessMembers(s.roomReports).join('\n'));
  return useMemo(() => {
    const headless = new Set(headlessKey.split('\n'));
    const others = Object.entries(roster)
      .filter(([, m]) => m.name)
      .map(([id, m]) => ({ id, name: m.name, nickname: m.nickname, self: false, headless: headless.has(m.name) }))
      .sort((a, b) => a.nickname.localeCompare(b.nickname));
    return self.name ? [{ id: self.id, name: self.name, nickname: self.nickname ?? self.name, self: true, headless: false }, ...others] : others;
  }, [self.id, self.name, self.nickname, roster, headlessKey]);
}

/** A member's name as the desk lists it, with the badge a headless peer carries everywhere else. */
export function DeskMemberName({ member }: { member: DeskMember }) {
  const { t } = useTranslation('desk');
  return (
    <>
      {member.self ? t('partition.you', { nickname: member.nickname }) : member.nickname}
      {member.headless && (
        <>
          {' '}
          <span className="badge headless-badge" data-testid="desk-headless-badge">
            {t('peers:headlessBadge')}
          </span>
        </>
      )}
    </>
  );
}

/** Split the room: each tab into group A, B (or C) by its nickname, or in half; heal joins them. */
export function DeskPartition({ conditions, send }: { conditions: LinkConditions; send: Send }) {
  const { t } = useTranslation('desk');
  const members = useDeskMembers();
  const [groupCount, setGroupCount] = useState(2);
  const [assigned, setAssigned] = useState<Record<string, number>>({});
  const current = conditions.partition ?? null;
  // The room's partition as the server has it is where the choices start from.
  useEffect(() => {
    const next: Record<string, number> = {};
    current?.groups.forEach((group, index) => group.forEach((name) => (next[name] = index)));
    setAssigned(next);
    if (current) setGroupCount(Math.max(2, Math.min(3, current.groups.length)));
  }, [JSON.stringify(current)]); // eslint-disable-line react-hooks/exhaustive-deps
  const splitEvenly = () => {
    const next: Record<string, number> = {};
    members.forEach((m, i) => (next[m.name] = Math.floor((i * groupCount) / members.length)));
    setAssigned(next);
  };
  const groups = Array.from({ length: groupCount }, (_, g) => members.filter((m) => assigned[m.name] === g).map((m) => m.name)).filter((g) => g.length > 0);
  const letters = Array.from({ length: groupCount }, (_, g) => groupLetter(g));
  return (
    <fieldset className="desk-section" data-testid="desk-partition">
      <legend>{t('partition.title')}</legend>
      <p className="hint">{t('partition.hint')}</p>
      <label>
        {t('partition.groups')}{' '}
        <select value={groupCount} data-testid="partition-group-count" onChange={(e) => setGroupCount(Number(e.target.value))}>
          <option value={2}>2</option>
          <option value={3}>3</option>
        </select>
      </label>{' '}
      <button data-testid="partition-split-half" onClick={splitEvenly} disabled={members.length < 2}>
        {t('partition.splitEvenly', { count: groupCount })}
      </button>
      <table className="desk-members">
        <thead>
          <tr>
            <th scope="col">{t('partition.tab')}</th>
            {letters.map((letter) => (
              <th scope="col" key={letter}>
                {t('partition.group', { group: letter })}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {members.map((m) => (
            <tr key={m.name} data-testid="partition-member" data-tab-name={m.name}>
              <th scope="row">
                <DeskMemberName member={m} />
              </th>
              {letters.map((letter, g) => (
                <td key={letter}>
                  <input
                    type="checkbox"
                    aria-label={t('partition.put', { nickname: m.nickname, group: letter })}
                    data-testid={`partition-${m.name}-${letter}`}
                    checked={assigned[m.name] === g}
                    onChange={(e) => setAssigned((a) => {
                      const { [m.name]: _old, ...rest } = a;
                      return e.target.checked ? { ...rest, [m.name]: g } : rest;
                    })}
                  />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <p className="buttons">
        <button
          data-testid="partition-apply"
          disabled={groups.length === 0}
          onClick={() => send({ kind: 'conditions', conditions: { ...conditions, partition: { groups } } })}
        >
          {t('partition.apply')}
        </button>{' '}
        <button data-testid="partition-heal" disabled={!current} onClick={() => send({ kind: 'conditions', conditions: { ...conditions, partition: null } })}>
          {t('partition.heal')}
        </button>
      </p>
    </fieldset>
  );
}

/** Latency, jitter and loss on every link (applied on receive in every tab), and slow motion. */
export function DeskLinks({ conditions, send }: { conditions: LinkConditions; send: Send }) {
  const { t } = useTranslation('desk');
  const [latency, setLatency] = useState(conditions.latencyMs);
  const [jitter, setJitter] = useState(conditions.jitterMs);
  const [loss, setLoss] = useState(Math.round(conditions.loss * 100));
  useEffect(() => {
    setLatency(conditions.latencyMs);
    setJitter(conditions.jitterMs);
    setLoss(Math.round(conditions.loss * 1000) / 10);
  }, [conditions.latencyMs, conditions.jitterMs, conditions.loss]);
  const apply = (patch: Partial<LinkConditions>) =>
    send({ kind: 'conditions', conditions: { ...conditions, latencyMs: latency, jitterMs: jitter, loss: loss / 100, ...patch } });
  return (
    <fieldset className="desk-section" data-testid="desk-links">
      <legend>{t('links.title')}</legend>
      <p className="hint">{t('links.hint')}</p>
      <div className="desk-fields">
        <label>
          {t('links.latency')}{' '}
          <input type="number" min={0} max={MAX_LATENCY_MS} step={50} value={latency} data-testid="desk-latency" onChange={(e) => setLatency(Number(e.target.value))} /> {t('ms')}
        </label>
        <label>
          {t('links.jitter')}{' '}
          <input type="number" min={0} max={MAX_JITTER_MS} step={10} value={jitter} data-testid="desk-jitter" onChange={(e) => setJitter(Number(e.target.value))} /> {t('ms')}
        </label>
        <label>
          {t('links.loss')}{' '}
          <input type="number" min={0} max={100} step={1} value={loss} data-testid="desk-loss" onChange={(e) => setLoss(Number(e.target.value))} /> %
        </label>
      </div>
      <p className="buttons">
        <button data-testid="desk-links-apply" onClick={() => apply({})}>
          {t('links.apply')}
        </button>{' '}
        <button
          data-testid="desk-slow-motion"
          aria-pressed={Boolean(conditions.slowMotion)}
          onClick={() => apply({ slowMotion: !conditions.slowMotion })}
        >
          {conditions.slowMotion ? t('links.slowMotionOff') : t('links.slowMotionOn', { ms: SLOW_MOTION_MS })}
        </button>{' '}
        <button data-testid="desk-links-clear" onClick={() => send({ kind: 'conditions', conditions: { ...conditions, latencyMs: 0, jitterMs: 0, loss: 0, slowMotion: false } })}>
          {t('links.clear')}
        </button>
      </p>
    </fieldset>
  );
}
