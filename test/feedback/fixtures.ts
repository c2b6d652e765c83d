/** Helpers shared by the feedback tests. */
import { expect } from 'vitest';
import { auth, type TestApp } from '../helpers/app.js';

export const FEEDBACK_KEYS = [
  'app_id',
  'contact_phone',
  'created_at',
  'feedback_category_id',
  'feedback_content',
  'feedback_status',
  'id',
  'updated_at',
  'user_id',
];
export const REPLY_KEYS = ['app_id', 'created_at', 'feedback_id', 'id', 'is_read', 'manager_id', 'reply_content', 'updated_at'];
export const CATEGORY_KEYS = ['app_id', 'created_at', 'description', 'id', 'name', 'updated_at'];

export interface Feedback {
  id: number;
  app_id: string;
  feedback_content: string;
  feedback_status: number;
  feedback_category_id: number;
  contact_phone: string;
  user_id: number;
  created_at: string;
  updated_at: string;
}

export function call(t: TestApp, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, token: string, payload?: unknown, appId?: string) {
  const headers = { ...auth(token), ...(appId === undefined ? {} : { 'x-app-id': appId }) };
  return t.request({ method, url, headers, ...(payload === undefined ? {} : { payload: payload as object }) });
}

export async function sendFeedback(t: TestApp, token: string, body: Record<string, unknown>, appId?: string): Promise<Feedback> {
  const res = await call(t, 'POST', '/api/feedback', token, body, appId);
  expect(res.body.code, JSON.stringify(res.body)).toBe(0);
  return res.body.data as Feedback;
}

export async function createCategory(t: TestApp, admin: string, name: string, appId?: string): Promise<number> {
  const res = await call(t, 'POST', '/admin/api/feedback_category', admin, { name }, appId);
  expect(res.body.code, JSON.stringify(res.body)).toBe(0);
  return res.body.data.id as number;
}

export async function reply(t: TestApp, admin: string, feedbackId: number, text: string, appId?: string) {
  const res = await call(t, 'POST', `/admin/api/feedback/${feedbackId}/reply`, admin, { reply_content: text }, appId);
  expect(res.body.code, JSON.stringify(res.body)).toBe(0);
  return res.body.data as { id: number; is_read: boolean; manager_id: number };
}

export async function unreadCount(t: TestApp, token: string, appId?: string): Promise<number> {
  const res = await call(t, 'GET', '/api/message/count?push_ids=', token, undefined, appId);
  expect(res.body.code).toBe(0);
  return res.body.data.feedback_count as number;
}

export async function userId(t: TestApp, token: string, appId?: string): Promise<number> {
  return (await call(t, 'GET', '/api/personal/info', token, undefined, appId)).body.data.id as number;
}

/** Audit entries of one target, oldest first (shared with the other admin tests). */
export { auditRows } from '../helpers/app.js';
