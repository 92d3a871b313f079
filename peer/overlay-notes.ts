/**
 * What the overlays note (catalogue keys under 'app.' in the 'log' namespace, as the page's event
 * log gets them) worded for the terminal: the page's English catalogue through i18next, so the
 * peer says "learned 3 addresses by gossip", not a key. A `…PeerId` value, like the line's peer, is
 * shown by name.
 */
import i18next from 'i18next';
import { readFileSync } from 'node:fs';

export type NoteWriter = (peerId: string | null, key: string, params?: Record<string, string | number>) => string;

export function overlayNotes(nameOf: (peerId: string) => string): NoteWriter {
  const log = JSON.parse(readFileSync(new URL('../web/i18n/locales/en/log.json', import.meta.url), 'utf8')) as Record<string, unknown>;
  const i18n = i18next.createInstance();
  void i18n.init({ lng: 'en', resources: { en: { log } }, ns: ['log'], defaultNS: 'log', interpolation: { escapeValue: false }, initAsync: false });
  return (peerId, key, params) => {
    const values = Object.fromEntries(Object.entries(params ?? {}).map(([name, value]) => [name, /PeerId$/.test(name) && typeof value === 'string' ? nameOf(value) : value]));
    const text = i18n.exists(`app.${key}`, values) ? i18n.t(`app.${key}`, values) : `${key} ${JSON.stringify(values)}`;
    return peerId ? `${nameOf(peerId)}: ${text}` : text;
  };
}
