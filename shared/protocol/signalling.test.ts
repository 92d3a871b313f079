import { describe, it, expect } from 'vitest';
import {
  DEFAULT_ROOM,
  jsonByteLength,
  joinRequestSchema,
  outgoingSignalSchema,
  PEER_ID_PATTERN,
  SIGNAL_MAX_BYTES,
  signalDataSchema,
} from './signalling';

const SDP = [
  'v=0',
  'o=- 4611731400430051336 2 IN IP4 127.0.0.1',
  's=-',
  't=0 0',
  'a=group:BUNDLE 0',
  'm=application 9 UDP/DTLS/SCTP webrtc-datachannel',
  'c=IN IP4 0.0.0.0',
  'a=ice-ufrag:Ab3d',
  'a=ice-pwd:0123456789abcdefghijklmn',
  'a=fingerprint:sha-256 12:34:56:78:9A:BC:DE:F0:12:34:56:78:9A:BC:DE:F0:12:34:56:78:9A:BC:DE:F0:12:34:56:78:9A:BC:DE:F0',
  'a=setup:actpass',
  'a=mid:0',
  'a=sctp-port:5000',
  '',
].join('\r\n');

const CANDIDATE = {
  type: 'candidate',
  candidate: {
    candidate: 'candidate:842163049 1 udp 1677729535 192.0.2.3 54321 typ srflx raddr 0.0.0.0 rport 0 generation 0 ufrag Ab3d network-cost 999',
    sdpMLineIndex: 0,
    sdpMid: '0',
    usernameFragment: 'Ab3d',
  },
} as const;

describe('signalDataSchema', () => {
  it('accepts an offer and an answer as simple-peer emits them', () => {
    expect(signalDataSchema.parse({ type: 'offer', sdp: SDP })).toEqual({ type: 'offer', sdp: SDP });
    expect(signalDataSchema.parse({ type: 'answer', sdp: SDP })).toEqual({ type: 'answer', sdp: SDP });
  });

  it('accepts an ICE candidate, including the nulls browsers send', () => {
    expect(signalDataSchema.parse(CANDIDATE)).toEqual(CANDIDATE);
    const nulls = { type: 'candidate', candidate: { candidate: '', sdpMLineIndex: null, sdpMid: null } };
    expect(signalDataSchema.parse(nulls)).toEqual(nulls);
  });

  it('accepts renegotiate and transceiver requests', () => {
    expect(signalDataSchema.safeParse({ type: 'renegotiate', renegotiate: true }).success).toBe(true);
    const request = { type: 'transceiverRequest', transceiverRequest: { kind: 'audio', init: {} } };
    expect(signalDataSchema.parse(request)).toEqual(request);
  });

  it('strips unknown keys at the top level and inside the candidate', () => {
    const parsed = signalDataSchema.parse({
      type: 'offer',
      sdp: SDP,
      evil: '<script>',
      candidate: { ...CANDIDATE.candidate, foundation: 'x' },
    });
    expect(parsed).toEqual({ type: 'offer', sdp: SDP, candidate: CANDIDATE.candidate });
    expect('evil' in parsed).toBe(false);
  });

  it('rejects an unknown or missing type', () => {
    expect(signalDataSchema.safeParse({ type: 'hello', sdp: SDP }).success).toBe(false);
    expect(signalDataSchema.safeParse({ type: 'pranswer', sdp: SDP }).success).toBe(false);
    expect(signalDataSchema.safeParse({ sdp: SDP }).success).toBe(false);
  });

  it(`rejects an SDP over ${SIGNAL_MAX_BYTES} characters`, () => {
    expect(signalDataSchema.safeParse({ type: 'offer', sdp: 'x'.repeat(SIGNAL_MAX_BYTES) }).success).toBe(true);
    expect(signalDataSchema.safeParse({ type: 'offer', sdp: 'x'.repeat(SIGNAL_MAX_BYTES + 1) }).success).toBe(false);
  });

  it('rejects malformed candidates', () => {
    const bad = (candidate: object) => signalDataSchema.safeParse({ type: 'candidate', candidate }).success;
    expect(bad({ ...CANDIDATE.candidate, sdpMLineIndex: -1 })).toBe(false);
    expect(bad({ ...CANDIDATE.candidate, sdpMLineIndex: 0.5 })).toBe(false);
    expect(bad({ ...CANDIDATE.candidate, candidate: 'x'.repeat(1025) })).toBe(false);
    expect(bad({ sdpMid: '0' })).toBe(false);
  });
});

describe('joinRequestSchema', () => {
  it('takes rooms and nicknames by the names.ts rule, and gives back their NFC form', () => {
    for (const room of [DEFAULT_ROOM, 'class-7A', '數學課', '第3組', 'équipe-a', 'r'.repeat(32)]) {
      expect(joinRequestSchema.safeParse({ room }).success, room).toBe(true);
    }
    const parsed = joinRequestSchema.parse({ room: ' e\u0301quipe ', name: 'tab-1', nickname: ' Amy ' });
    expect(parsed).toEqual({ room: '\u00E9quipe', name: 'tab-1', nickname: 'Amy' });
  });

  it('refuses bad rooms, tab names and nicknames', () => {
    for (const room of ['', 'r'.repeat(33), '../x', 'a/b', 'lob\nby', 'a:b', 'a\u202Eb', 7]) {
      expect(joinRequestSchema.safeParse({ room }).success, JSON.stringify(room)).toBe(false);
    }
    for (const name of ['self', 'a b', '數學', 'x'.repeat(65)]) {
      expect(joinRequestSchema.safeParse({ room: 'lobby', name }).success, name).toBe(false);
    }
    for (const nickname of ['self', 'a\u200Bb', 'x'.repeat(25), '']) {
      expect(joinRequestSchema.safeParse({ room: 'lobby', nickname }).success, nickname).toBe(false);
    }
    expect(joinRequestSchema.safeParse({}).success).toBe(false);
  });
});

describe('outgoingSignalSchema', () => {
  it('needs a plain peer id and valid signal data', () => {
    expect(outgoingSignalSchema.safeParse({ to: 'AbC_123-xyz', data: CANDIDATE }).success).toBe(true);
    expect(outgoingSignalSchema.safeParse({ to: 'a b', data: CANDIDATE }).success).toBe(false);
    expect(outgoingSignalSchema.safeParse({ to: 'peer', data: { type: 'nope' } }).success).toBe(false);
    expect(PEER_ID_PATTERN.test('p'.repeat(65))).toBe(false);
  });
});

describe('jsonByteLength', () => {
  it('counts UTF-8 bytes of the JSON text', () => {
    expect(jsonByteLength({ a: 'é' })).toBe(10); // {"a":"é"} is 9 characters, 10 bytes
    expect(jsonByteLength('abc')).toBe(5);
    expect(jsonByteLength(undefined)).toBe(0);
  });
});
