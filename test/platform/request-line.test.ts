/**
 * The request line encoded into the log buffer's bytes reads exactly as the same line built
 * with JSON.stringify, for the values the fast paths take and for those they hand back.
 */
import { describe, expect, it, vi } from 'vitest';
import { LineBuffer } from '../../src/platform/log-buffer.js';
import { RequestLineEncoder, requestLineText } from '../../src/platform/request-line.js';
import type { RequestLine } from '../../src/platform/request-log.js';

const identity = { pid: 4242, hostname: 'host "α"' };

function encoderOver(chunkSize: number) {
  const chunks: Buffer[] = [];
  const buffer = new LineBuffer({ write: (c: Buffer) => chunks.push(c), flushSync: () => undefined }, chunkSize);
  const encoder = new RequestLineEncoder(buffer, identity);
  return {
    chunks,
    encoder,
    text: () => {
      buffer.flush();
      return Buffer.concat(chunks).toString('utf8');
    },
  };
}

const base: RequestLine = { reqId: 'a1b2c3d4-1z', method: 'GET', route: '/api/personal/info', status: 200, code: 0, appId: '', ms: 1.5 };

const cases: RequestLine[] = [
  base,
  { ...base, appId: undefined },
  { ...base, appId: 'shop', ms: 0 },
  { ...base, appId: '商城-α', ms: 12 },
  { ...base, route: '/api/x/:id "q" \\ end', status: 404, code: 10001, ms: 0.1 },
  { ...base, reqId: 'id "quoted" \\ \n 请求', ms: 123456.7 },
  { ...base, method: 'DELETE', status: 500, code: -1, ms: 99999999999.9 },
  { ...base, ms: 1e-7 },
  { ...base, ms: 0.30000000000000004 },
  { ...base, ms: Number.NaN },
  { ...base, ms: -0 },
  { ...base, code: 2 ** 53 + 2, status: 1.5 },
  { ...base, appId: '\u0001\u001f😀' },
];

describe('request line encoder', () => {
  it('writes each line exactly as JSON.stringify would, fast paths and fallbacks alike', () => {
    vi.useFakeTimers({ now: 1_796_189_808_515, toFake: ['Date'] });
    try {
      for (const l of cases) {
        const { encoder, text } = encoderOver(64 * 1024);
        encoder.write(l);
        const line = text();
        expect(line).toBe(requestLineText(l, Date.now(), identity));
        // And it is one valid JSON object per line.
        expect(line.endsWith('\n')).toBe(true);
        expect(JSON.parse(line)).toMatchObject({ level: 30, pid: 4242, reqId: l.reqId, route: l.route, msg: 'request' });
      }
    } finally {
      vi.useRealTimers();
    }
  });

  it('writes each line with the time it was written at, across milliseconds', () => {
    vi.useFakeTimers({ now: 1_796_189_808_515, toFake: ['Date'] });
    try {
      const { encoder, text } = encoderOver(64 * 1024);
      const times: number[] = [];
      for (const step of [0, 0, 1, 0, 999, 1, 86_400_000, 0]) {
        vi.setSystemTime(Date.now() + step);
        times.push(Date.now());
        encoder.write(base);
      }
      const written = text()
        .trim()
        .split('\n')
        .map((l) => (JSON.parse(l) as { time: number }).time);
      expect(written).toEqual(times);
    } finally {
      vi.useRealTimers();
    }
  });

  it('keeps lines whole across chunks, and writes a line longer than a chunk through the string path', () => {
    vi.useFakeTimers({ now: 1_796_189_808_515, toFake: ['Date'] });
    try {
      const { encoder, chunks, text } = encoderOver(512);
      const lines = Array.from({ length: 60 }, (_, i) => ({ ...cases[i % cases.length]!, reqId: `r-${i}` }));
      lines.push({ ...base, route: `/${'long'.repeat(300)}` });
      for (const l of lines) encoder.write(l);
      expect(text()).toBe(lines.map((l) => requestLineText(l, Date.now(), identity)).join(''));
      expect(chunks.length).toBeGreaterThan(10);
      for (const c of chunks.slice(0, -2)) {
        expect(c.length).toBeLessThanOrEqual(512);
        expect(c.toString('utf8').endsWith('\n')).toBe(true);
      }
      expect(chunks.some((c) => c.length > 512)).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });
});
