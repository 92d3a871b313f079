/**
 * The headless peer follows the room's overlay, as a tab does (web/app/session.ts), with the same
 * keepers (shared/overlay/unstructured/link-keeper.ts, shared/overlay/kademlia/dht-keeper.ts) on
 * Node.js timers and the same links per member (shared/overlay/room-scale.ts). Where a tab reloads
 * into a new mode (topology-changed, or the teacher changing the running mode's knob), the peer
 * closes its links and starts the new overlay in place: it stays in the room, with its chain.
 */
import { randomBytes } from 'node:crypto';
import type { Node } from '../shared/node/node';
import { keepDhtLinks, type DhtKeeper } from '../shared/overlay/kademlia/dht-keeper';
import { overlayShapeFor } from '../shared/overlay/room-scale';
import { DEFAULT_TARGET_OUTBOUND } from '../shared/overlay/unstructured/connection-policy';
import { keepUnstructuredLinks, type OverlayLinks, type UnstructuredLinks } from '../shared/overlay/unstructured/link-keeper';
import type { RoomSettings } from '../shared/protocol/room-controls';
import { TOPOLOGIES, type RoomTopology } from '../shared/protocol/signalling';
import { DEFAULT_TAB_K } from '../web/app/page-params';
import type { SignallingSocket } from '../web/net/signalling-client';
import type { Logger } from './logger';
import { overlayNotes } from './overlay-notes';

/** Kademlia's lookup parallelism when the room's teacher set none (the page's `?alpha=` default). */
const DEFAULT_ALPHA = 3;

type Knobs = RoomSettings['overlay'];

export interface RoomOverlay {
  /** The mode running now. */
  readonly topology: RoomTopology;
  /**
   * After every join: the room's mode, its overlay knobs, its other members, and those of them
   * not yet linked to us (dialled or offered as addresses). Null when the mode is one this peer
   * does not know (a newer server): the caller stops.
   */
  joined(ack: { topology: string; settings: RoomSettings; peers: readonly string[] }, fresh: readonly string[]): RoomTopology | null;
  /** A `topology-changed`: rebuild for `topology`, or null when it is unknown (as above). */
  changed(topology: string): RoomTopology | null;
  stop(): void;
}

export function followRoomOverlay(parts: {
  node: Node;
  links: OverlayLinks & { readonly localId: string };
  socket: SignallingSocket;
  keys: { publicKey: string; privateKey: string };
  log: Logger;
  now: () => number;
  nameOf: (peerId: string) => string;
}): RoomOverlay {
  const { node, links, socket, log, now } = parts;
  const setTimer = (fn: () => void, ms: number) => {
    const timer = setTimeout(fn, ms);
    timer.unref();
    return () => clearTimeout(timer);
  };
  /** The room's other members, by signalling id: who the next overlay starts from. */
  const members = new Set<string>();
  let knobs: Knobs = { locked: false, outbound: null, k: null, alpha: null };
  let topology: RoomTopology = 'mesh';
  let unstructured: UnstructuredLinks | undefined;
  let dht: DhtKeeper | undefined;

  const shape = () =>
    overlayShapeFor(
      { outbound: knobs.outbound ?? DEFAULT_TARGET_OUTBOUND, k: knobs.k ?? DEFAULT_TAB_K, asked: { outbound: knobs.outbound !== null, k: knobs.k !== null } },
      members.size + 1,
    );
  const words = overlayNotes(parts.nameOf);
  const note = (peerId: string | null, key: string, params?: Record<string, string | number>) => log.info(words(peerId, key, params));
  const serverUp = () => socket.connected;

  /** Starts `topology`'s keeper (none for the mesh) and hands it the members to link to. */
  const start = (next: RoomTopology, toLink: readonly string[]) => {
    topology = next;
    const { outbound, k } = shape();
    if (next === 'unstructured') {
      unstructured = keepUnstructuredLinks(
        { targetOutbound: outbound, maxInbound: 2 * outbound },
        { node, links, log: note, serverUp, now, random: Math.random, setTimer },
      );
      unstructured.heardFromServer(toLink);
      log.info(`running the unstructured overlay: ${outbound} outbound link(s), at most ${2 * outbound} inbound, in a room of ${members.size + 1}`);
    } else if (next === 'kademlia') {
      dht = keepDhtLinks(
        { k, alpha: knobs.alpha ?? DEFAULT_ALPHA },
        { node, links, keys: parts.keys, serverUp, now, setTimer, random: Math.random, randomHex: (n) => randomBytes(n).toString('hex'), listen: (l) => l.events.on('note', (peerId, entry) => note(peerId, entry.key, entry.params)) },
      );
      dht.seed(toLink);
      log.info(`running the Kademlia overlay: k = ${k}, in a room of ${members.size + 1}`);
    } else {
      // The mesh: newcomers dial the members listed to them; we dial those listed to us.
      for (const peerId of toLink) links.dial(peerId);
      log.info(`running the mesh: dialling ${toLink.length} member(s)`);
    }
  };
  /** What a tab does by reloading: every link closed, the new overlay started from the roster. */
  const rebuild = (next: RoomTopology, why: string) => {
    unstructured?.stop();
    dht?.stop();
    unstructured = dht = undefined;
    const open = node.peerIds();
    log.info(`${why}: closing ${open.length} link(s) and starting over`);
    for (const peerId of open) links.disconnect(peerId);
    start(next, [...members]);
  };
  const known = (value: string): RoomTopology | null => ((TOPOLOGIES as readonly string[]).includes(value) ? (value as RoomTopology) : null);
  const knobOf = (mode: RoomTopology, k: Knobs) => (mode === 'unstructured' ? `${k.outbound}` : mode === 'kademlia' ? `${k.k}/${k.alpha}` : '');

  const offs = [
    () => socket.off('peer-joined', onJoined),
    () => socket.off('peer-left', onLeft),
    () => socket.off('room-settings', onSettings),
  ];
  function onJoined({ id }: { id: string }) {
    members.add(id);
    unstructured?.heardOfNewcomer(id);
  }
  function onLeft({ id }: { id: string }) {
    members.delete(id);
    unstructured?.forget(id);
    dht?.forget(id);
  }
  function onSettings(settings: RoomSettings) {
    const before = knobOf(topology, knobs);
    knobs = settings.overlay;
    if (knobOf(topology, knobs) !== before) rebuild(topology, `the teacher set the ${topology} overlay's links (${knobOf(topology, knobs)})`);
  }
  socket.on('peer-joined', onJoined);
  socket.on('peer-left', onLeft);
  socket.on('room-settings', onSettings);

  let started = false;
  return {
    get topology() {
      return topology;
    },
    joined(ack, fresh) {
      const mode = known(ack.topology);
      if (mode === null) return null;
      members.clear();
      for (const id of ack.peers) members.add(id);
      knobs = ack.settings.overlay;
      if (!started) {
        started = true;
        start(mode, fresh);
      } else if (mode !== topology) {
        rebuild(mode, `the room runs ${mode} now (it changed while we were away)`);
      } else if (unstructured) unstructured.heardFromServer(fresh);
      else if (dht) dht.seed(fresh);
      else start(mode, fresh);
      return mode;
    },
    changed(next) {
      const mode = known(next);
      if (mode === null) return null;
      rebuild(mode, `the room switched to ${mode}`);
      return mode;
    },
    stop() {
      unstructured?.stop();
      dht?.stop();
      offs.forEach((off) => off());
    },
  };
}
