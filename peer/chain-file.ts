/**
 * The headless peer's chain on disk, as text: a header line naming the chain (its genesis hash,
 * which encodes the room's rules), then one JSON line per block, in the order the node accepted
 * them, so a parent always comes before its children. Pure: parsing and formatting only, no I/O
 * (file-store.ts does that).
 *
 * Why the reading is strict: appends are the only writes, so the one thing a crash can leave is a
 * last line without its newline. That torn tail is dropped and reported; anything wrong before it
 * (an edited, damaged or foreign file) refuses the whole file rather than start on half a chain.
 */
import { checkBlockRecord, BLOCK_RECORD_VERSION, type BlockEntry } from '../web/persistence/records';
import type { ChainParams } from '../shared/chain/params';
import { ok, reject, type Result } from '../shared/result';

export const CHAIN_FORMAT = 'meshchain-chain';
export const CHAIN_FORMAT_VERSION = 1;

export interface ChainFileHeader {
  format: typeof CHAIN_FORMAT;
  v: typeof CHAIN_FORMAT_VERSION;
  genesis: string;
  difficulty: number;
  spacing: number;
  window: number;
}

/** A block as read back, with the line it came from (for a refusal that says where). */
export interface StoredBlock extends BlockEntry {
  line: number;
}

export interface ParsedChainFile {
  blocks: StoredBlock[];
  /** Bytes of whole lines: where the next append goes (the torn tail, if any, is cut here). */
  goodBytes: number;
  /** Length in bytes of a last line that has no newline (a write cut short), or 0. */
  tornBytes: number;
}

export function headerFor(genesis: string, params: ChainParams): ChainFileHeader {
  return { format: CHAIN_FORMAT, v: CHAIN_FORMAT_VERSION, genesis, difficulty: params.difficulty, spacing: params.spacing, window: params.window };
}

export const formatHeader = (header: ChainFileHeader): string => `${JSON.stringify(header)}\n`;

export const formatBlockLine = ({ hash, height, block }: BlockEntry): string =>
  `${JSON.stringify({ v: BLOCK_RECORD_VERSION, hash, height, block })}\n`;

const rulesOf = (h: Pick<ChainFileHeader, 'difficulty' | 'spacing'>) => `difficulty ${h.difficulty}, interval ${h.spacing} s`;

/**
 * Reads a whole chain file. `expected` is the chain this peer runs; a file of another chain is
 * refused (the page's IndexedDB store forgets such blocks; a file someone kept on purpose is not
 * thrown away behind their back).
 */
export function parseChainFile(text: string, expected: ChainFileHeader): Result<ParsedChainFile, 'refused'> {
  const lastNewline = text.lastIndexOf('\n');
  const whole = text.slice(0, lastNewline + 1);
  const tail = text.slice(lastNewline + 1);
  const lines = whole.split('\n').slice(0, -1);
  if (lines.length === 0) {
    // Not even the header made it to disk: a crash while creating the file. Nothing to keep.
    return ok({ blocks: [], goodBytes: 0, tornBytes: Buffer.byteLength(tail) });
  }
  let header: unknown;
  try {
    header = JSON.parse(lines[0]!);
  } catch {
    return reject('refused', 'line 1 is not a meshchain chain header (not JSON)');
  }
  const problem = checkHeader(header, expected);
  if (problem) return reject('refused', `line 1: ${problem}`);

  const blocks: StoredBlock[] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = i + 1;
    let value: unknown;
    try {
      value = JSON.parse(lines[i]!);
    } catch {
      return reject('refused', `line ${line} is not JSON (damaged in the middle of the file, not a torn last write)`);
    }
    const checked = checkBlockRecord(value);
    if ('reason' in checked) return reject('refused', `line ${line}: ${checked.reason}: ${checked.detail}`);
    blocks.push({ ...checked, line });
  }
  return ok({ blocks, goodBytes: Buffer.byteLength(whole), tornBytes: Buffer.byteLength(tail) });
}

function checkHeader(value: unknown, expected: ChainFileHeader): string | null {
  if (typeof value !== 'object' || value === null) return 'not a meshchain chain header';
  const h = value as Record<string, unknown>;
  if (h.format !== CHAIN_FORMAT) return `not a meshchain chain file (format ${JSON.stringify(h.format)})`;
  if (h.v !== CHAIN_FORMAT_VERSION) return `chain file version ${String(h.v)}; this peer reads version ${CHAIN_FORMAT_VERSION}`;
  if (h.genesis !== expected.genesis) {
    const theirs = typeof h.difficulty === 'number' && typeof h.spacing === 'number' ? ` (${rulesOf(h as unknown as ChainFileHeader)})` : '';
    return (
      `the file holds another chain${theirs}, genesis ${String(h.genesis).slice(0, 12)}…; ` +
      `this peer runs ${rulesOf(expected)}, genesis ${expected.genesis.slice(0, 12)}…` +
      (theirs ? `; to keep it, start with --difficulty ${String(h.difficulty)} --interval ${String(h.spacing)}` : '')
    );
  }
  return null;
}
