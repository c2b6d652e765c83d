import { describe, expect, it } from 'vitest';
import { common } from './common.ts';
import { messages as apps } from '../pages/apps/messages.ts';
import { messages as audit } from '../pages/audit/messages.ts';
import { messages as dashboard } from '../pages/dashboard/messages.ts';
import { messages as feedback } from '../pages/feedback/messages.ts';
import { messages as feedbackCategories } from '../pages/feedback-categories/messages.ts';
import { messages as faq } from '../pages/faq/messages.ts';
import { messages as push } from '../pages/push/messages.ts';
import { messages as managers } from '../pages/managers/messages.ts';
import { messages as security } from '../pages/security/messages.ts';
import { messages as users } from '../pages/users/messages.ts';

/** Every key path of a message tree, `a.b.c`. */
function keys(tree: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([k, v]) =>
    v && typeof v === 'object' ? keys(v as Record<string, unknown>, `${prefix}${k}.`) : [`${prefix}${k}`],
  );
}

describe('shared messages', () => {
  it('say the same things in both languages', () => {
    expect(keys(common['zh-CN']).sort()).toEqual(keys(common.en).sort());
  });
});

describe.each(Object.entries({ apps, audit, dashboard, faq, feedback, feedbackCategories, managers, push, security, users }))(
  'the %s page',
  (_, messages) => {
    it('says the same things in both languages', () => {
      expect(keys(messages['zh-CN']).sort()).toEqual(keys(messages.en).sort());
    });
  },
);
