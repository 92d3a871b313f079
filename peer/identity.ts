/**
 * Who the headless peer is, kept across restarts in peer.json: its tab name (what the room's
 * reports and links call it, like a tab's identity) and the wallet its mined coins pay to. Written
 * once, atomically; a damaged file is refused, never replaced, since it holds a private key.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createWallet, walletFromPrivateKey, type Wallet } from '../shared/ledger/wallet';
import { isWalletRecord } from '../web/persistence/records';
import { TAB_NAME_PATTERN } from '../shared/protocol/signalling';
import { isReservedName } from '../shared/protocol/names';
import { ok, reject, type Result } from '../shared/result';
import { IDENTITY_FILE, moveAsideHint, writeAtomically } from './file-store';

export interface PeerIdentity {
  name: string;
  wallet: Wallet;
}

export function loadOrCreateIdentity(dir: string, randomBytes: (n: number) => Uint8Array): Result<PeerIdentity, 'refused' | 'io'> {
  const path = join(dir, IDENTITY_FILE);
  if (!existsSync(path)) {
    const wallet = createWallet(randomBytes);
    const name = `peer-${Buffer.from(randomBytes(8)).toString('hex')}`;
    try {
      writeAtomically(path, `${JSON.stringify({ version: 1, name, privateKeyHex: wallet.privateKey, address: wallet.address }, null, 2)}\n`);
    } catch (error) {
      return reject('io', `cannot write ${path}: ${(error as Error).message}`);
    }
    return ok({ name, wallet });
  }
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    return reject('refused', `${path} refused: not readable JSON (${(error as Error).message}). ${moveAsideHint(path)}`);
  }
  const name = (value as { name?: unknown } | null)?.name;
  if (typeof name !== 'string' || !TAB_NAME_PATTERN.test(name) || isReservedName(name)) {
    return reject('refused', `${path} refused: "name" is not a tab name (1–64 of A–Z a–z 0–9 _ -). ${moveAsideHint(path)}`);
  }
  if (!isWalletRecord(value)) return reject('refused', `${path} refused: not a version-1 key pair. ${moveAsideHint(path)}`);
  const wallet = walletFromPrivateKey(value.privateKeyHex);
  if (!wallet.ok || wallet.value.address !== value.address) {
    return reject('refused', `${path} refused: the private key does not give the stored address. ${moveAsideHint(path)}`);
  }
  return ok({ name, wallet: wallet.value });
}
