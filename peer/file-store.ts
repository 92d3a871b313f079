/**
 * The headless peer's folder: its chain (chain.jsonl, see chain-file.ts), its identity and wallet
 * (peer.json), and a lock so two peers never append to one file. Blocks are appended in batches
 * (the page's BlockWriter does the batching) and each batch is fsynced, so a crash loses at most
 * what had not yet reached the disk, and at worst leaves a torn last line, which the next start
 * reports and cuts off.
 */
import { closeSync, existsSync, fdatasyncSync, ftruncateSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeFileSync, writeSync, fsyncSync } from 'node:fs';
import { join } from 'node:path';
import type { BlockEntry } from '../web/persistence/records';
import { formatBlockLine, formatHeader, parseChainFile, type ChainFileHeader, type StoredBlock } from './chain-file';
import { ok, reject, type Result } from '../shared/result';

export const CHAIN_FILE = 'chain.jsonl';
export const IDENTITY_FILE = 'peer.json';
const LOCK_FILE = 'peer.lock';

export interface OpenedChain {
  path: string;
  /** The stored blocks in file order, parents first; not yet validated by a node. */
  blocks: StoredBlock[];
  /** Bytes of a torn last line that was cut off (0 if the file ended cleanly). */
  droppedTornBytes: number;
  /** Appends blocks and waits for them to reach the disk. */
  saveBlocks(entries: readonly BlockEntry[]): Promise<void>;
  close(): void;
}

/** How to get past a refused file, said with every refusal. */
export const moveAsideHint = (path: string) =>
  `Move it aside (mv "${path}" "${path}.bad") and start again to sync the chain afresh from the room, or give another --data folder.`;

/** Creates the folder, takes its lock, and reads the chain file (creating it if there is none). */
export function openChainFile(dir: string, expected: ChainFileHeader, pid = process.pid): Result<OpenedChain, 'refused' | 'locked' | 'io'> {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    return reject('io', `cannot create the data folder ${dir}: ${(error as Error).message}`);
  }
  const lock = takeLock(dir, pid);
  if (!lock.ok) return lock;
  const path = join(dir, CHAIN_FILE);
  const release = () => rmSync(join(dir, LOCK_FILE), { force: true });
  try {
    if (!existsSync(path)) writeAtomically(path, formatHeader(expected));
    const parsed = parseChainFile(readFileSync(path, 'utf8'), expected);
    if (!parsed.ok) {
      release();
      return reject('refused', `${path} refused: ${parsed.detail}. ${moveAsideHint(path)}`);
    }
    const { blocks, goodBytes, tornBytes } = parsed.value;
    const fd = openSync(path, 'r+');
    if (goodBytes === 0) {
      // Even the header was torn: start the file again.
      ftruncateSync(fd, 0);
      writeSync(fd, formatHeader(expected), 0);
      fdatasyncSync(fd);
    } else if (tornBytes > 0) {
      // Cut the torn line now, or the next append would glue a block onto it: corruption mid-file.
      ftruncateSync(fd, goodBytes);
      fdatasyncSync(fd);
    }
    let position = goodBytes === 0 ? Buffer.byteLength(formatHeader(expected)) : goodBytes;
    let closed = false;
    return ok({
      path,
      blocks,
      droppedTornBytes: tornBytes,
      async saveBlocks(entries) {
        if (closed) throw new Error(`${path} is closed`);
        if (entries.length === 0) return;
        const bytes = Buffer.from(entries.map(formatBlockLine).join(''));
        // Explicit positions: the file is ours alone (the lock), and a failed write is retried at the same place.
        writeSync(fd, bytes, 0, bytes.length, position);
        fdatasyncSync(fd);
        position += bytes.length;
      },
      close() {
        if (closed) return;
        closed = true;
        closeSync(fd);
        release();
      },
    });
  } catch (error) {
    release();
    return reject('io', `cannot use ${path}: ${(error as Error).message}`);
  }
}

/** One peer per folder: a second one would append to the same file. A lock left by a dead process is taken over. */
function takeLock(dir: string, pid: number): Result<void, 'locked' | 'io'> {
  const path = join(dir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(path, String(pid), { flag: 'wx' });
      return ok(undefined);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') return reject('io', `cannot lock ${dir}: ${(error as Error).message}`);
    }
    const holder = Number(readFileSync(path, 'utf8').trim());
    if (Number.isSafeInteger(holder) && holder > 0 && holder !== pid && isAlive(holder)) {
      return reject('locked', `another headless peer (process ${holder}) is using ${dir}; stop it or give another --data folder`);
    }
    rmSync(path, { force: true }); // left behind by a peer that died
  }
  return reject('locked', `cannot take the lock ${path}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Write to a temporary file, flush it, then rename over the target: readers see the old or the new file, whole. */
export function writeAtomically(path: string, text: string): void {
  const temporary = `${path}.tmp-${process.pid}`;
  const fd = openSync(temporary, 'w');
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, path);
}
