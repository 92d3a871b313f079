/**
 * The tab's nickname: the one kept for this tab, else `?nickname=` from the address, else a
 * generated one ("Otter 42"), so the tab joins at once and a student can change it later. The
 * server keeps nicknames unique in the room and may grant a suffixed one ("Amy 2"): the granted
 * one is what the page shows and keeps. Checked here with the server's own rule before sending.
 */
import i18next from 'i18next';
import { checkNickname } from '../../shared/protocol/names';
import type { SignalErrorCode } from '../../shared/protocol/signalling';
import { requestNickname, type SignallingSocket } from '../net/signalling-client';
import { loadNickname, saveNickname } from '../persistence/nickname';
import type { StorageLike } from '../persistence/tab-identity';
import type { MeshStore, Notice } from '../store/mesh-store';
import { generateNickname } from './nickname-generator';
import { nameLimitParams } from './page-params';

export type NicknameChange =
  | { ok: true; asked: string; nickname: string; changed: boolean }
  /** `problem`: a namespace-qualified catalogue key and its values, for the prompt to show. */
  | { ok: false; problem: Notice; code?: SignalErrorCode | 'no-answer' };

export interface NicknameControl {
  /** True when this tab had no nickname of its own at load: the page offers to change the one it was given. */
  readonly firstOpen: boolean;
  /** What the next join asks for. */
  wanted(): string;
  /** After a join ack: keep the granted nickname; the clash, if any, for the page to show. */
  granted(asked: string, nickname: string, changed: boolean): void;
  /** The last clash at a join ("Amy" asked, "Amy 2" granted), or null. */
  readonly clash: { asked: string; nickname: string } | null;
  /** Checks `raw`, asks the server, and keeps what it grants. */
  change(raw: string): Promise<NicknameChange>;
}

/** The problem a typed name has under the nickname rule (for the prompt, as the student types), or null. */
export function nicknameProblem(raw: string): Notice | null {
  const check = checkNickname(raw);
  return check.ok ? null : { key: `names:problem.${check.problem}`, params: nameLimitParams('nickname') };
}

/** A generated nickname with an animal in the page's language: "Otter 42", "水獺 42". */
export function nicknameInPageLanguage(random: () => number): string {
  const animals = i18next.t('names:animals', { returnObjects: true });
  return generateNickname(
    {
      animals: typeof animals === 'object' && animals !== null ? Object.values(animals as Record<string, string>) : [],
      format: (animal, number) => i18next.t('names:generated', { animal, number }),
    },
    random,
  );
}

export function createNicknameControl(deps: {
  storage: StorageLike | null;
  fromUrl: string | null;
  generate: () => string;
  socket: SignallingSocket;
  store: MeshStore;
}): NicknameControl {
  const stored = loadNickname(deps.storage);
  let wanted = stored ?? deps.fromUrl ?? deps.generate();
  // Kept at once: a reload before the student answers keeps the same name (and does not ask again).
  if (stored === null) saveNickname(deps.storage, wanted);
  let clash: NicknameControl['clash'] = null;
  return {
    // A name given in the address (?nickname=) was chosen already: only a generated one is offered for change.
    firstOpen: stored === null && deps.fromUrl === null,
    get clash() {
      return clash;
    },
    wanted: () => wanted,
    granted(asked, nickname, changed) {
      wanted = nickname;
      saveNickname(deps.storage, nickname);
      clash = changed && asked !== nickname ? { asked, nickname } : null;
    },
    async change(raw) {
      const check = checkNickname(raw);
      if (!check.ok) return { ok: false, problem: { key: `names:problem.${check.problem}`, params: nameLimitParams('nickname') } };
      const ack = await requestNickname(deps.socket, check.value);
      if (ack === null) return { ok: false, code: 'no-answer', problem: { key: 'names:bar.noAnswer' } };
      if (!ack.ok) return { ok: false, code: ack.code, problem: { key: 'names:bar.refused', params: { code: ack.code, message: ack.message } } };
      wanted = ack.nickname;
      saveNickname(deps.storage, ack.nickname);
      // peer-renamed also reaches us, but the ack may come first: show the new name now.
      deps.store.getState().setSelf({ nickname: ack.nickname });
      return { ok: true, asked: check.value, nickname: ack.nickname, changed: ack.nicknameChanged };
    },
  };
}
