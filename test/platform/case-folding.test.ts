/**
 * Case-insensitive searches fold letters beyond ASCII, and fold them alike on SQLite and
 * PostgreSQL: FAQ `q`, admin user search, admin feedback `q`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { foldCase } from '../../src/platform/fold-case.js';
import { createFaq } from '../faq/fixtures.js';
import { call, sendFeedback } from '../feedback/fixtures.js';
import { adminToken, auth, buildTestApp, registerUser, type TestApp } from '../helpers/app.js';

let t: TestApp;
let admin: string;
const texts = ['İstanbul', 'istanbul', 'ÄÖÜ', 'äöü', 'ΟΔΥΣΣΕΥΣ'];
const faqIds: Record<string, number> = {};
const userIds: Record<string, number> = {};
const feedbackIds: Record<string, number> = {};

beforeAll(async () => {
  t = await buildTestApp();
  admin = await adminToken(t);
  for (const text of texts) {
    faqIds[text] = (await createFaq(t, admin, { title: `Trip to ${text}`, content: 'x' })).id;
    const u = await registerUser(t);
    const me = await t.request({
      method: 'PUT',
      url: '/api/personal/info',
      headers: auth(u.accessToken),
      payload: { nickname: `from ${text}` },
    });
    userIds[text] = me.body.data.id;
    feedbackIds[text] = (await sendFeedback(t, u.accessToken, { feedback_content: `about ${text}` })).id;
  }
});
afterAll(() => t.close());

const ids = (res: { body: { data: { data: { id: number }[] } } }) => res.body.data.data.map((r) => r.id).sort((a, b) => a - b);
const expected = (map: Record<string, number>, ...keys: string[]) => keys.map((k) => map[k]!).sort((a, b) => a - b);

const groups: [string[], string[]][] = [
  [
    ['İstanbul', 'istanbul', 'ISTANBUL', 'iSTANBUL'],
    ['İstanbul', 'istanbul'],
  ],
  [
    ['ÄÖÜ', 'äöü', 'äÖü'],
    ['ÄÖÜ', 'äöü'],
  ],
  [['οδυσσευσ', 'ΟΔΥΣΣΕΥΣ', 'Οδυσσευσ'], ['ΟΔΥΣΣΕΥΣ']],
];

describe('case-insensitive search beyond ASCII', () => {
  it.each(groups)('FAQ q=%j finds %j', async (queries, found) => {
    for (const q of queries) {
      const res = await t.request({ method: 'GET', url: `/api/faq?q=${encodeURIComponent(q)}` });
      expect(ids(res), q).toEqual(expected(faqIds, ...found));
    }
  });

  it.each(groups)('admin users q=%j finds %j', async (queries, found) => {
    for (const q of queries) {
      const res = await call(t, 'GET', `/admin/api/users?q=${encodeURIComponent(q)}`, admin);
      expect(ids(res), q).toEqual(expected(userIds, ...found));
    }
  });

  it.each(groups)('admin feedback q=%j finds %j', async (queries, found) => {
    for (const q of queries) {
      const res = await call(t, 'GET', `/admin/api/feedback?q=${encodeURIComponent(q)}`, admin);
      expect(ids(res), q).toEqual(expected(feedbackIds, ...found));
    }
  });

  it('folds by the simple mapping, one character for one', () => {
    expect(foldCase('İSTANBUL')).toBe('istanbul');
    expect(foldCase('ΟΔΥΣΣΕΥΣ')).toBe('οδυσσευσ');
    expect(foldCase('ÄÖÜ ẞ')).toBe('äöü ß');
  });
});
