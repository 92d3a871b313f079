/**
 * The unstructured overlay's frames as they cross the wire, and their one door: whatever a peer
 * sends is checked here before AddrGossip or FloodRelay sees it. Wrap them in the protocol's
 * envelope (`{ v, type: 'overlay', ... }`) when wiring them into shared/protocol/messages.
 */
import { z } from 'zod';
import { peerIdSchema } from '../../protocol/signalling';
import { reject, ok, type Result } from '../../result';
import type { AddrFrame } from './addr-gossip';
import type { FloodFrame } from './flood';

/** One over Core's MAX_ADDR_TO_SEND, so AddrGossip sees an oversized ADDR and can score it. */
const MAX_ADDRS_ON_WIRE = 1001;
const itemId = z.string().regex(/^[0-9A-Za-z:_-]{1,128}$/);

const addrFrameSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('getaddr') }),
  z.object({ type: z.literal('addr'), addrs: z.array(peerIdSchema).max(MAX_ADDRS_ON_WIRE) }),
]);

const floodFrameSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('inv'), id: itemId }),
  z.object({ type: z.literal('getdata'), id: itemId }),
  z.object({ type: z.literal('item'), id: itemId }),
]);

export function parseAddrFrame(raw: unknown): Result<AddrFrame, 'malformed-addr'> {
  const parsed = addrFrameSchema.safeParse(raw);
  if (!parsed.success) return reject('malformed-addr', parsed.error.issues[0]?.message ?? 'not an ADDR frame');
  // A list capped at 1,001 that still says "more than 1,000" is scored by AddrGossip, not dropped here.
  return ok(parsed.data);
}

export function parseFloodFrame(raw: unknown): Result<FloodFrame, 'malformed-inv'> {
  const parsed = floodFrameSchema.safeParse(raw);
  return parsed.success ? ok(parsed.data) : reject('malformed-inv', parsed.error.issues[0]?.message ?? 'not a flood frame');
}
