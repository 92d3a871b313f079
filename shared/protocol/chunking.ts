/**
 * Messages longer than one data-channel message travel as numbered `chunk` messages and are put
 * back together on arrival. A data channel is ordered and reliable, so chunks of one message
 * arrive in order; the checks below are for peers that lie, not for the network.
 */
import { reject, ok, type Result } from '../result';
import { CHUNK_CHARS, encodeMessage, MAX_ASSEMBLED_BYTES } from './messages';

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
