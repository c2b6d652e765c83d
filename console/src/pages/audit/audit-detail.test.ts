import { describe, expect, it } from 'vitest';
import { actionColor, detailView } from './audit-detail.ts';

describe('audit detail', () => {
  it('shows before and after side by side when recorded so, the detail itself otherwise', () => {
    expect(detailView({})).toEqual({ kind: 'empty' });
    expect(detailView({ before: { status: 0 }, after: { status: 1 } })).toEqual({
      kind: 'diff',
      before: { status: 0 },
      after: { status: 1 },
    });
    expect(detailView({ after: { a: 1 } })).toEqual({ kind: 'diff', before: null, after: { a: 1 } });
    expect(detailView({ role: 'operator' })).toEqual({ kind: 'plain', value: { role: 'operator' } });
  });

  it('colours actions by their verb', () => {
    expect(actionColor('manager.delete')).toBe('red');
    expect(actionColor('user.disable')).toBe('red');
    expect(actionColor('user.enable')).toBe('green');
    expect(actionColor('app.update')).toBe('blue');
  });
});
