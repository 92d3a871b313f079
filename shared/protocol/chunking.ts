/**
 * Messages longer than one data-channel message travel as numbered `chunk` messages and are put
 * back together on arrival. A data channel is ordered and reliable, so chunks of one message
 * arrive in order; the checks below are for peers that lie, not for the network.
 */
import { reject, ok, type Result } from '../result';
import { CHUNK_CHARS, decodeMessage, encodeMessage, MAX_ASSEMBLED_BYTES, MAX_MESSAGE_BYTES, type Message } from './messages';

/**
 * What goes on the wire for one encoded message: itself, or its chunks when it is over the limit
 * in UTF-8 bytes. Encoding is skipped when even 3 bytes per character would fit, so a 100-block
 * reply (about 40 KB) goes out whole without being measured twice. `nextId` is called only to chunk.
 */
export function framesFor(text: string, nextId: () => number): string[] {
  const oversized = text.length * 3 > MAX_MESSAGE_BYTES && new TextEncoder().encode(text).length > MAX_MESSAGE_BYTES;
  return oversized ? splitIntoChunks(text, nextId()) : [text];
}

export function splitIntoChunks(text: string, id: number): string[] {
  const count = Math.ceil(text.length / CHUNK_CHARS);
  return Array.from({ length: count }, (_, index) =>
    encodeMessage('chunk', { id, index, count, data: text.slice(index * CHUNK_CHARS, (index + 1) * CHUNK_CHARS) }),
  );
}

/**
 * Assemblies one peer may have open at once; more means it is hoarding our memory. An honest node
 * sends a message's chunks back to back on an ordered channel, so it never has more than one open.
 */
export const MAX_OPEN_ASSEMBLIES = 4;
/** Characters held in all of one link's open assemblies together: one whole message's worth. */
export const MAX_OPEN_CHARS = MAX_ASSEMBLED_BYTES;
/**
 * A chunked message must be complete this long after its first chunk, or it is dropped and its
 * sender scored: a 1 MiB message takes well under a second on a LAN, and a peer that starts
 * messages it never finishes would otherwise hold our memory for as long as the link lives.
 */
export const ASSEMBLY_TIMEOUT_MS = 30_000;

export type ChunkRejectReason = 'bad-chunk';

interface Assembly {
  count: number;
  parts: string[];
  chars: number;
  startedAt: number;
}

/** An assembly dropped unfinished because its time ran out. */
export interface ExpiredAssembly {
  id: number;
  chunks: number;
  count: number;
  chars: number;
  ageMs: number;
}

export class Reassembler {
  private readonly open = new Map<number, Assembly>();
  private openChars = 0;

  /** Messages still incomplete, and the characters they hold. */
  get pending(): { assemblies: number; chars: number } {
    return { assemblies: this.open.size, chars: this.openChars };
  }

  /**
   * Returns the whole message once its last chunk arrives, null while it is incomplete. `now` (the
   * node's clock) starts an assembly's time; `expire` ends it.
   */
  add(chunk: { id: number; index: number; count: number; data: string }, now = 0): Result<string | null, ChunkRejectReason> {
    let assembly = this.open.get(chunk.id);
    if (!assembly) {
      if (chunk.index !== 0) return reject('bad-chunk', `chunk ${chunk.index} of message ${chunk.id} came first`);
      if (this.open.size >= MAX_OPEN_ASSEMBLIES) {
        return reject('bad-chunk', `more than ${MAX_OPEN_ASSEMBLIES} chunked messages open at once`);
      }
      assembly = { count: chunk.count, parts: [], chars: 0, startedAt: now };
      this.open.set(chunk.id, assembly);
    }
    if (chunk.count !== assembly.count || chunk.index !== assembly.parts.length) {
      this.drop(chunk.id);
      return reject('bad-chunk', `chunk ${chunk.index}/${chunk.count} of message ${chunk.id} is out of order`);
    }
    if (this.openChars + chunk.data.length > MAX_OPEN_CHARS) {
      this.drop(chunk.id);
      return reject('bad-chunk', `open chunked messages on this link would pass ${MAX_OPEN_CHARS} characters (message ${chunk.id} dropped)`);
    }
    assembly.parts.push(chunk.data);
    assembly.chars += chunk.data.length;
    this.openChars += chunk.data.length;
    if (assembly.chars > MAX_ASSEMBLED_BYTES) {
      this.drop(chunk.id);
      return reject('bad-chunk', `message ${chunk.id} grows past ${MAX_ASSEMBLED_BYTES} bytes`);
    }
    if (assembly.parts.length < assembly.count) return ok(null);
    this.drop(chunk.id);
    return ok(assembly.parts.join(''));
  }

  /** Drops and returns the assemblies started ASSEMBLY_TIMEOUT_MS or more before `now`. */
  expire(now: number): ExpiredAssembly[] {
    const expired: ExpiredAssembly[] = [];
    for (const [id, assembly] of this.open) {
      const ageMs = now - assembly.startedAt;
      if (ageMs < ASSEMBLY_TIMEOUT_MS) continue;
      expired.push({ id, chunks: assembly.parts.length, count: assembly.count, chars: assembly.chars, ageMs });
      this.drop(id);
    }
    return expired;
  }

  /** When the oldest open assembly runs out of time; null when none is open. */
  nextExpiry(): number | null {
    let first: number | null = null;
    for (const assembly of this.open.values()) first = Math.min(first ?? Infinity, assembly.startedAt + ASSEMBLY_TIMEOUT_MS);
    return first;
  }

  private drop(id: number): void {
    const assembly = this.open.get(id);
    if (!assembly) return;
    this.openChars -= assembly.chars;
    this.open.delete(id);
  }
}

/** What one arriving frame amounts to, once decoded and, if it is a chunk, filed. */
export type FrameOutcome =
  | { kind: 'message'; message: Exclude<Message, { type: 'chunk' }> }
  /** A chunk of a message still incomplete. */
  | { kind: 'pending' }
  /** The last chunk of a message: its whole text, to be read as a frame of its own. */
  | { kind: 'assembled'; text: string }
  | { kind: 'offence'; code: string; detail: string };

/**
 * The one door for a peer's bytes: decode (limit 64 KiB, or 1 MiB for a message rebuilt from
 * chunks) and put chunks back together. A chunk inside a rebuilt message is an offence.
 */
export function readFrame(reassembler: Reassembler, data: unknown, assembled: boolean, now = 0): FrameOutcome {
  const decoded = decodeMessage(data, assembled ? MAX_ASSEMBLED_BYTES : MAX_MESSAGE_BYTES);
  if (!decoded.ok) return { kind: 'offence', code: decoded.reason, detail: decoded.detail };
  const message = decoded.value;
  if (message.type !== 'chunk') return { kind: 'message', message };
  if (assembled) return { kind: 'offence', code: 'bad-chunk', detail: 'a chunk inside a chunk' };
  const result = reassembler.add(message, now);
  if (!result.ok) return { kind: 'offence', code: result.reason, detail: result.detail };
  return result.value === null ? { kind: 'pending' } : { kind: 'assembled', text: result.value };
}
