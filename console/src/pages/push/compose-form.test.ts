import dayjs from 'dayjs';
import { describe, expect, it } from 'vitest';
import { BLANK_PUSH, composeBody } from './compose-form.ts';

describe('compose body', () => {
  it('sends the essentials for a push to everyone at once', () => {
    expect(composeBody({ ...BLANK_PUSH, push_title: ' Hi ', push_body: 'there' })).toEqual({
      push_title: 'Hi',
      push_body: 'there',
      push_scope: 0,
    });
  });

  it('adds user ids only for the listed-users scope, send_at only when scheduled, extras only when given', () => {
    const at = dayjs(new Date(2030, 4, 6, 7, 8, 9));
    expect(
      composeBody({
        ...BLANK_PUSH,
        push_title: 'T',
        push_scope: 3,
        user_ids: ['3', '1, 2', '3'],
        when: 'later',
        send_at: at,
        extras: [{ key: 'page', value: 'orders' }, { key: '' }],
      }),
    ).toEqual({
      push_title: 'T',
      push_body: '',
      push_scope: 3,
      user_ids: [3, 1, 2],
      send_at: '2030-05-06 07:08:09',
      extras: { page: 'orders' },
    });
    expect(composeBody({ ...BLANK_PUSH, push_title: 'T', push_scope: 1, user_ids: ['5'], when: 'now', send_at: at })).toEqual({
      push_title: 'T',
      push_body: '',
      push_scope: 1,
    });
  });
});
