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

/** Assemblies one peer may have open at once; more means it is hoarding our memory. */
const MAX_OPEN_ASSEMBLIES = 4;

export type ChunkRejectReason = 'bad-chunk';

export class Reassembler {
  private readonly open = new Map<number, { count: number; parts: string[]; chars: number }>();

  /** Returns the whole message once its last chunk arrives, null while it is incomplete. */
  add(chunk: { id: number; index: number; count: number; data: string }): Result<string | null, ChunkRejectReason> {
    let assembly = this.open.get(chunk.id);
    if (!assembly) {
      if (chunk.index !== 0) return reject('bad-chunk', `chunk ${chunk.index} of message ${chunk.id} came first`);
      if (this.open.size >= MAX_OPEN_ASSEMBLIES) {
        return reject('bad-chunk', `more than ${MAX_OPEN_ASSEMBLIES} chunked messages open at once`);
      }
      assembly = { count: chunk.count, parts: [], chars: 0 };
      this.open.set(chunk.id, assembly);
    }
    if (chunk.count !== assembly.count || chunk.index !== assembly.parts.length) {
      this.open.delete(chunk.id);
      return reject('bad-chunk', `chunk ${chunk.index}/${chunk.count} of message ${chunk.id} is out of order`);
    }
    assembly.parts.push(chunk.data);
    assembly.chars += chunk.data.length;
    if (assembly.chars > MAX_ASSEMBLED_BYTES) {
      this.open.delete(chunk.id);
      return reject('bad-chunk', `message ${chunk.id} grows past ${MAX_ASSEMBLED_BYTES} bytes`);
    }
    if (assembly.parts.length < assembly.count) return ok(null);
    this.open.delete(chunk.id);
    return ok(assembly.parts.join(''));
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
export function readFrame(reassembler: Reassembler, data: unknown, assembled: boolean): FrameOutcome {
  const decoded = decodeMessage(data, assembled ? MAX_ASSEMBLED_BYTES : MAX_MESSAGE_BYTES);
  if (!decoded.ok) return { kind: 'offence', code: decoded.reason, detail: decoded.detail };
  const message = decoded.value;
  if (message.type !== 'chunk') return { kind: 'message', message };
  if (assembled) return { kind: 'offence', code: 'bad-chunk', detail: 'a chunk inside a chunk' };
  const result = reassembler.add(message);
  if (!result.ok) return { kind: 'offence', code: result.reason, detail: result.detail };
  return result.value === null ? { kind: 'pending' } : { kind: 'assembled', text: result.value };
}
