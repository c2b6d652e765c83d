/**
 * The client FAQ list cache: exact on this instance (every write through FaqService drops it,
 * and an answer read before a write is never stored after it); other instances are told over
 * the invalidation bus; writes it cannot hear (a direct database change) show within the TTL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FaqRow } from '../../src/db/tables.js';
import { FaqPageCache } from '../../src/modules/faq/faq.cache.js';
import type { FaqRepository } from '../../src/modules/faq/faq.repository.js';
import { FaqService } from '../../src/modules/faq/faq.service.js';
import type { FaqView } from '../../src/modules/faq/faq.view.js';
import { ManualClock } from '../../src/platform/clock.js';
import { pageResult, parsePage, type PageResult } from '../../src/platform/pagination.js';
import { TimeFormatter } from '../../src/platform/time-format.js';
import { adminToken, auth, buildTestApp, type TestApp } from '../helpers/app.js';
import { createFaq } from './fixtures.js';

const page = (title: string): PageResult<FaqView> =>
  pageResult(parsePage({}), 1, [
    { id: 1, app_id: '', created_at: '', updated_at: '', title, content: '', category: '', external_link: '' },
  ]);

describe('FaqPageCache', () => {
  it('serves what was stored until the app is invalidated', () => {
    const cache = new FaqPageCache(new ManualClock(0));
    cache.set(cache.ticket('a'), 'k', page('one'));
    cache.set(cache.ticket('b'), 'k', page('two'));
    expect(cache.get('a', 'k')?.data[0]?.title).toBe('one');
    cache.invalidate('a');
    expect(cache.get('a', 'k')).toBeUndefined();
    expect(cache.get('b', 'k')?.data[0]?.title).toBe('two');
    cache.invalidate();
    expect(cache.get('b', 'k')).toBeUndefined();
  });

  it('refuses an answer whose ticket predates an invalidation', () => {
    const cache = new FaqPageCache(new ManualClock(0));
    const before = cache.ticket('a');
    const otherApp = cache.ticket('b');
    cache.invalidate('a');
    cache.set(before, 'k', page('stale'));
    expect(cache.get('a', 'k')).toBeUndefined();
    cache.set(otherApp, 'k', page('fine'));
    expect(cache.get('b', 'k')?.data[0]?.title).toBe('fine');
    const beforeAll = cache.ticket('b');
    cache.invalidate();
    cache.set(beforeAll, 'k2', page('stale'));
    expect(cache.get('b', 'k2')).toBeUndefined();
  });

  it('forgets an entry after the TTL', () => {
    const clock = new ManualClock(0);
    const cache = new FaqPageCache(clock, 5000);
    cache.set(cache.ticket('a'), 'k', page('one'));
    clock.advance(4999);
    expect(cache.get('a', 'k')).toBeDefined();
    clock.advance(1);
    expect(cache.get('a', 'k')).toBeUndefined();
  });

  it('holds at most maxEntries, dropping the oldest', () => {
    const cache = new FaqPageCache(new ManualClock(0), 5000, 3);
    for (const k of ['k1', 'k2', 'k3', 'k4']) cache.set(cache.ticket('a'), k, page(k));
    expect(cache.get('a', 'k1')).toBeUndefined();
    expect(cache.get('a', 'k4')?.data[0]?.title).toBe('k4');
  });
});

describe('FaqService.listPublished', () => {
  const row = (title: string): FaqRow => ({
    id: 1,
    app_id: '',
    title,
    content: '',
    category: '',
    external_link: '',
    sort: 0,
    is_published: 1,
    created_at: 0,
    updated_at: 0,
  });

  it('does not keep a list read before a write that committed while it ran', async () => {
    let current = 'old';
    let calls = 0;
    let release: (() => void) | undefined;
    const repo = {
      async list() {
        calls += 1;
        const seen = current;
        if (release === undefined && calls === 1) await new Promise<void>((r) => (release = r));
        return { total: 1, rows: [row(seen)] };
      },
    } as unknown as FaqRepository;
    const service = new FaqService({} as never, repo, {} as never, new ManualClock(0), new TimeFormatter('UTC'));
    const inFlight = service.listPublished('', parsePage({}));
    await new Promise((r) => setImmediate(r));
    current = 'new';
    service.changed('');
    release?.();
    expect((await inFlight).data[0]?.title).toBe('old');
    expect((await service.listPublished('', parsePage({}))).data[0]?.title).toBe('new');
    expect(calls).toBe(2);
    // And now it is cached: no third query.
    await service.listPublished('', parsePage({}));
    expect(calls).toBe(2);
  });
});

describe('FaqService and the invalidation bus', () => {
  function setup() {
    let calls = 0;
    const repo = {
      list() {
        calls += 1;
        return Promise.resolve({ total: 0, rows: [] });
      },
    } as unknown as FaqRepository;
    const published: object[] = [];
    const bus = {
      publish: (m: object) => (published.push(m), Promise.resolve()),
      subscribe: () => Promise.resolve(),
      close: () => Promise.resolve(),
    };
    const service = new FaqService({} as never, repo, {} as never, new ManualClock(0), new TimeFormatter('UTC'), bus);
    const read = async (appId: string) => {
      await service.listPublished(appId, parsePage({}));
      return calls;
    };
    return { service, published, read, listener: service.busListener() };
  }

  it('tells other instances about each write: one app, or every app', () => {
    const { service, published } = setup();
    service.changed('a1');
    service.changed();
    expect(published).toEqual([
      { kind: 'faq', app_id: 'a1' },
      { kind: 'faq', app_id: null },
    ]);
  });

  it("drops the pages another instance's write made stale, and only those", async () => {
    const { listener, read } = setup();
    expect(await read('a1')).toBe(1);
    expect(await read('a2')).toBe(2);
    listener.message({ kind: 'faq', app_id: 'a1' });
    expect(await read('a1')).toBe(3);
    expect(await read('a2')).toBe(3);
    listener.message({ kind: 'faq', app_id: null });
    expect(await read('a2')).toBe(4);
  });

  it('ignores what is not an FAQ invalidation, and starts over when the bus is back', async () => {
    const { listener, read } = setup();
    await read('a1');
    for (const m of [{ kind: 'user', id: 1 }, { kind: 'faq', app_id: 5 }, null, 'faq', { kind: 'faq' }]) listener.message(m);
    expect(await read('a1')).toBe(1);
    listener.down();
    listener.up();
    expect(await read('a1')).toBe(2);
  });
});

describe('GET /api/faq caching', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await buildTestApp();
    admin = await adminToken(t);
    await createFaq(t, admin, { title: 'First', sort: 1 });
  });
  afterAll(() => t.close());

  const titles = async (url = '/api/faq') =>
    (await t.request({ method: 'GET', url })).body.data.data.map((f: { title: string }) => f.title) as string[];

  async function insertBehindTheService(title: string) {
    const now = t.clock.now();
    await t.container.database.db
      .insertInto('faqs')
      .values({
        app_id: '',
        title,
        content: 'c',
        category: '',
        external_link: '',
        sort: 9,
        is_published: 1,
        created_at: now,
        updated_at: now,
      })
      .execute();
  }

  it('sees every write made through the admin API at once', async () => {
    expect(await titles()).toEqual(['First']);
    const f = await createFaq(t, admin, { title: 'Second', sort: 2 });
    expect(await titles()).toEqual(['Second', 'First']);
    await t.request({ method: 'PUT', url: `/admin/api/faq/${f.id}`, headers: auth(admin), payload: { title: 'Renamed' } });
    expect(await titles()).toEqual(['Renamed', 'First']);
    await t.request({ method: 'DELETE', url: `/admin/api/faq/${f.id}`, headers: auth(admin) });
    expect(await titles()).toEqual(['First']);
  });

  it('keeps one answer per page, page size and category, each read twice (the second from the cache)', async () => {
    const f2 = await createFaq(t, admin, { title: 'Alpha', sort: 3, category: 'a:1' });
    const f3 = await createFaq(t, admin, { title: 'Beta', sort: 4, category: 'b' });
    const expected: [string, string[]][] = [
      ['/api/faq', ['Beta', 'Alpha', 'First']],
      ['/api/faq?page_size=1', ['Beta']],
      ['/api/faq?page_size=1&page_no=2', ['Alpha']],
      ['/api/faq?page_size=2&page_no=1', ['Beta', 'Alpha']],
      ['/api/faq?page_size=12', ['Beta', 'Alpha', 'First']],
      ['/api/faq?page_size=1&page_no=2&category=a:1', []],
      ['/api/faq?category=a:1', ['Alpha']],
      ['/api/faq?category=b', ['Beta']],
      ['/api/faq?category=%20b%20', ['Beta']],
      ['/api/faq?category=', ['Beta', 'Alpha', 'First']],
      ['/api/faq?category=1:1', []],
    ];
    for (let round = 0; round < 2; round++) {
      for (const [url, want] of expected) expect(await titles(url), `${url}, read ${round + 1}`).toEqual(want);
    }
    await t.request({ method: 'DELETE', url: `/admin/api/faq/${f2.id}`, headers: auth(admin) });
    await t.request({ method: 'DELETE', url: `/admin/api/faq/${f3.id}`, headers: auth(admin) });
  });

  it('shows a write it could not hear (another instance) within the TTL', async () => {
    expect(await titles()).toEqual(['First']);
    await insertBehindTheService('From elsewhere');
    expect(await titles()).toEqual(['First']);
    // Searches are never cached.
    expect(await titles('/api/faq?q=elsewhere')).toEqual(['From elsewhere']);
    t.clock.advance(5000);
    expect(await titles()).toEqual(['From elsewhere', 'First']);
  });
});
