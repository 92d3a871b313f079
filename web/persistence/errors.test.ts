import { describe, expect, it } from 'vitest';
import { PersistenceError, toPersistenceError } from './errors';

const fault = (name: string) => new DOMException('from the browser', name);

describe('storage failures as stable codes', () => {
  it.each([
    ['QuotaExceededError', 'use', 'quota-exceeded'],
    ['VersionError', 'open', 'version-too-new'],
    ['SecurityError', 'open', 'unavailable'],
    ['UnknownError', 'open', 'unavailable'],
    ['UnknownError', 'use', 'transaction-failed'],
    ['InvalidStateError', 'open', 'unavailable'],
    ['InvalidStateError', 'use', 'closed'],
    ['DataCloneError', 'use', 'transaction-failed'],
  ] as const)('%s while %s → %s', (name, phase, code) => {
    const error = toPersistenceError(fault(name), 'saving 3 blocks', phase);
    expect(error).toBeInstanceOf(PersistenceError);
    expect(error.code).toBe(code);
    expect(error.message).toBe(`saving 3 blocks: ${name}: from the browser`);
  });

  it('passes an error that already has a code through unchanged', () => {
    const original = new PersistenceError('blocked', 'close the other tab');
    expect(toPersistenceError(original, 'opening')).toBe(original);
  });
});
