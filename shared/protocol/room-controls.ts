/**
 * The teacher's desk: room-wide settings a teacher steers from one tab, and the controls that
 * change them. The server keeps one RoomSettings per room, checks the teacher key on every control
 * and sends the whole settings to every member on each change (`room-settings`); a late joiner gets
 * them in its join ack. See docs/PROTOCOL.md §2.3.
 *
 * Only types are imported by signalling.ts (conditioner.ts imports signalling.ts at run time).
 */
import { z } from 'zod';
import { checkChainParams, DEFAULT_CHAIN_PARAMS, MAX_SPACING_SECONDS } from '../chain/params';
import { MAX_DIFFICULTY_BITS } from '../chain/target';
import { linkConditionsSchema, NO_CONDITIONS, type LinkConditions } from '../transport/conditioner';
import { peerIdSchema, topologySchema, type RoomTopology } from './signalling';

export type RoomSettings = {
  /** A teacher has claimed the room: only teacher sockets change room-wide settings. */
  teacher: boolean;
  conditions: LinkConditions; // NO_CONDITIONS by default
  mining: { paused: boolean; maxWorkers: number | null }; // maxWorkers 1..8 or null (no cap)
  overlay: { locked: boolean; outbound: number | null; k: number | null; alpha: number | null }; // topology stays in the existing mode/topology-changed path
  rules: { difficulty: number | null; interval: number | null; epoch: number }; // epoch bumps on every reset; null = the room's URL rules
};

export const DEFAULT_ROOM_SETTINGS: RoomSettings = {
  teacher: false,
  conditions: NO_CONDITIONS,
  mining: { paused: false, maxWorkers: null },
  overlay: { locked: false, outbound: null, k: null, alpha: null },
  rules: { difficulty: null, interval: null, epoch: 0 },
};

/** Bounds of the overlay knobs: the same ranges the page accepts in its URL (web/app/page-params.ts). */
export const MAX_WORKERS_CAP = 8;
export const OVERLAY_LIMITS = { outbound: 16, k: 20, alpha: 8 } as const;
/** The key is base64url (43 chars for 32 bytes); a longer one is refused before it is hashed. */
export const TEACHER_KEY_MAX_CHARS = 256;

const knob = (max: number) => z.number().int().min(1).max(max).nullable();

export type RoomControl =
  | { kind: 'conditions'; conditions: LinkConditions }
  | { kind: 'mining'; paused?: boolean; maxWorkers?: number | null }
  | { kind: 'overlay'; topology?: RoomTopology; locked?: boolean; outbound?: number | null; k?: number | null; alpha?: number | null }
  | { kind: 'reset'; difficulty: number; interval: number } // chain rules as checkChainParams accepts (interval = spacing)
  | { kind: 'kick'; id: string }; // signalling id of a member of the same room

export const roomControlSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('conditions'), conditions: linkConditionsSchema }).strict(),
  z.object({ kind: z.literal('mining'), paused: z.boolean().optional(), maxWorkers: knob(MAX_WORKERS_CAP).optional() }).strict(),
  z
    .object({
      kind: z.literal('overlay'),
      topology: topologySchema.optional(),
      locked: z.boolean().optional(),
      outbound: knob(OVERLAY_LIMITS.outbound).optional(),
      k: knob(OVERLAY_LIMITS.k).optional(),
      alpha: knob(OVERLAY_LIMITS.alpha).optional(),
    })
    .strict(),
  z
    .object({
      kind: z.literal('reset'),
      difficulty: z.number().int().min(0).max(MAX_DIFFICULTY_BITS),
      interval: z.number().int().min(0).max(MAX_SPACING_SECONDS),
    })
    .strict()
    // The same rule the page applies to ?difficulty=&interval=, so a reset never asks for rules a tab would refuse.
    .refine((r) => checkChainParams({ ...DEFAULT_CHAIN_PARAMS, difficulty: r.difficulty, spacing: r.interval }) === null, {
      message: 'not chain rules a tab accepts',
    }),
  z.object({ kind: z.literal('kick'), id: peerIdSchema }).strict(),
]) satisfies z.ZodType<RoomControl>;

export const teacherKeySchema = z.string().min(1).max(TEACHER_KEY_MAX_CHARS);
export const claimTeacherRequestSchema = z.object({ key: teacherKeySchema }).strict();
export const roomControlRequestSchema = z.object({ key: teacherKeySchema, control: roomControlSchema }).strict();
export type ClaimTeacherRequest = { key: string };
export type RoomControlRequest = { key: string; control: RoomControl };

export type ControlErrorCode = 'no-teacher-key' | 'wrong-key' | 'not-joined' | 'not-teacher' | 'rate-limited' | 'bad-control' | 'unknown-peer';
export type ControlAck = { ok: true; settings: RoomSettings } | { ok: false; code: ControlErrorCode; message: string };
/** What a kicked tab is told just before the server closes its socket. */
export type Kicked = { reason: string };

/**
 * Settings after one accepted control (pure; the server calls it). 'kick' changes nothing here, and
 * an overlay's `topology` goes through the room's mode path (topology-changed), not the settings.
 */
export function applyRoomControl(settings: RoomSettings, control: RoomControl): RoomSettings {
  switch (control.kind) {
    case 'conditions':
      return { ...settings, conditions: control.conditions };
    case 'mining':
      return { ...settings, mining: { ...settings.mining, ...pick(control, ['paused', 'maxWorkers']) } };
    case 'overlay':
      return { ...settings, overlay: { ...settings.overlay, ...pick(control, ['locked', 'outbound', 'k', 'alpha']) } };
    case 'reset':
      return { ...settings, rules: { difficulty: control.difficulty, interval: control.interval, epoch: settings.rules.epoch + 1 } };
    case 'kick':
      return settings;
  }
}

/** The listed fields that are present (an absent field leaves the setting as it was). */
function pick<T extends object, K extends keyof T>(source: T, keys: readonly K[]): Partial<Pick<T, K>> {
  const out: Partial<Pick<T, K>> = {};
  for (const key of keys) if (source[key] !== undefined) out[key] = source[key];
  return out;
}
