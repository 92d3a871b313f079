/**
 * The shape check that runs before anything recursive (JSON.stringify, zod) touches a payload: a
 * value nested thousands of levels deep would overflow their stacks, and a wide one would cost
 * time out of proportion to the rules it can pass. Iterative, and it stops at the first excess,
 * so a hostile shape costs O(min(its size, the bounds)).
 */
import { PAYLOAD_MAX_DEPTH, PAYLOAD_MAX_NODES } from '../shared/protocol/signalling';

export type ShapeLimits = { maxDepth: number; maxNodes: number };
export const DEFAULT_SHAPE_LIMITS: ShapeLimits = { maxDepth: PAYLOAD_MAX_DEPTH, maxNodes: PAYLOAD_MAX_NODES };

/**
 * True when every value in `values` is at most `maxDepth` containers deep and together they hold
 * at most `maxNodes` values. Functions (Socket.IO's ack callbacks) count as leaves.
 */
export function withinShape(values: readonly unknown[], limits: ShapeLimits = DEFAULT_SHAPE_LIMITS): boolean {
  const stack: { value: unknown; depth: number }[] = values.map((value) => ({ value, depth: 0 }));
  let nodes = 0;
  while (stack.length > 0) {
    const { value, depth } = stack.pop()!;
    if (++nodes > limits.maxNodes) return false;
    if (typeof value !== 'object' || value === null) continue;
    if (depth + 1 > limits.maxDepth) return false;
    // Binary attachments arrive as Buffers: a leaf, not thousands of numbered children.
    if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) continue;
    const children = Array.isArray(value) ? value : Object.values(value);
    if (nodes + children.length > limits.maxNodes) return false;
    for (const child of children) stack.push({ value: child, depth: depth + 1 });
  }
  return true;
}
