import { describe, expect, it } from 'vitest';
import { probeOneByOne } from '../../src/providers/push/probe-dead-ids.js';
import { PushConfigurationError, RetryablePushError } from '../../src/providers/push/push-provider.js';

describe('probing a refused batch one id at a time', () => {
  it('dead ids are invalid, refused ones failed, delivered ones neither; beyond the bound all failed', async () => {
    const asked: string[] = [];
    const result = await probeOneByOne(
      ['dead-1', 'ok-1', 'bad-1', 'dead-2', 'late-1'],
      (id) => {
        asked.push(id);
        return Promise.resolve(id.startsWith('dead') ? 'dead' : id.startsWith('bad') ? 'failed' : 'sent');
      },
      4,
    );
    expect(asked).toEqual(['dead-1', 'ok-1', 'bad-1', 'dead-2']);
    expect(result).toEqual({ invalid: ['dead-1', 'dead-2'], failed: ['bad-1', 'late-1'] });
  });

  it('stops at the first error (rate limit, outage): the rest count failed, bindings kept', async () => {
    const asked: string[] = [];
    const result = await probeOneByOne(['a', 'b', 'c'], (id) => {
      asked.push(id);
      return id === 'b' ? Promise.reject(new RetryablePushError('429')) : Promise.resolve('dead');
    });
    expect(asked).toEqual(['a', 'b']);
    expect(result).toEqual({ invalid: ['a'], failed: ['b', 'c'] });
  });

  it('a refused configuration fails the batch as such', async () => {
    await expect(probeOneByOne(['a'], () => Promise.reject(new PushConfigurationError('401')))).rejects.toBeInstanceOf(
      PushConfigurationError,
    );
  });
});
