import { describe, expect, it } from 'vitest';
import { isSendKey, isTyping, move, pickOnPage, shortcutFor } from './shortcuts.ts';

const body = { tagName: 'BODY' };

describe('inbox shortcuts', () => {
  it('maps j/k, the arrows, r and ? outside fields', () => {
    expect(shortcutFor({ key: 'j', target: body })).toBe('next');
    expect(shortcutFor({ key: 'ArrowDown', target: body })).toBe('next');
    expect(shortcutFor({ key: 'k', target: body })).toBe('previous');
    expect(shortcutFor({ key: 'ArrowUp', target: body })).toBe('previous');
    expect(shortcutFor({ key: 'r', target: body })).toBe('reply');
    expect(shortcutFor({ key: '?', target: body })).toBe('help');
    expect(shortcutFor({ key: 'x', target: body })).toBeNull();
    expect(shortcutFor({ key: 'j', target: null })).toBe('next');
  });

  it('ignores keys typed in fields, except Escape which leaves them', () => {
    for (const tagName of ['INPUT', 'TEXTAREA', 'SELECT', 'input']) {
      expect(shortcutFor({ key: 'j', target: { tagName } })).toBeNull();
      expect(shortcutFor({ key: 'ArrowDown', target: { tagName } })).toBeNull();
      expect(shortcutFor({ key: 'Escape', target: { tagName } })).toBe('leave');
    }
    expect(shortcutFor({ key: 'r', target: { tagName: 'DIV', isContentEditable: true } })).toBeNull();
    expect(isTyping({ tagName: 'BUTTON' })).toBe(false);
    expect(isTyping({ tagName: 'INPUT', type: 'search' })).toBe(true);
    // The status switch's radios take no text: j/k still move after a status change.
    expect(isTyping({ tagName: 'INPUT', type: 'radio' })).toBe(false);
    expect(shortcutFor({ key: 'j', target: { tagName: 'INPUT', type: 'radio' } })).toBe('next');
    expect(isTyping(undefined)).toBe(false);
  });

  it('leaves modified keys to the browser', () => {
    expect(shortcutFor({ key: 'r', ctrlKey: true, target: body })).toBeNull();
    expect(shortcutFor({ key: 'r', metaKey: true, target: body })).toBeNull();
    expect(shortcutFor({ key: 'j', altKey: true, target: body })).toBeNull();
  });

  it('sends on Ctrl+Enter or ⌘+Enter only', () => {
    expect(isSendKey({ key: 'Enter', ctrlKey: true })).toBe(true);
    expect(isSendKey({ key: 'Enter', metaKey: true })).toBe(true);
    expect(isSendKey({ key: 'Enter' })).toBe(false);
    expect(isSendKey({ key: 'a', ctrlKey: true })).toBe(false);
  });
});

describe('moving through the list', () => {
  const ids = [30, 20, 10];

  it('moves within a page', () => {
    expect(move({ ids, selected: 30, page: 1, pages: 1 }, 'next')).toEqual({ kind: 'select', id: 20 });
    expect(move({ ids, selected: 10, page: 1, pages: 1 }, 'previous')).toEqual({ kind: 'select', id: 20 });
  });

  it('picks the first row when nothing on this page is selected', () => {
    expect(move({ ids, selected: null, page: 2, pages: 3 }, 'next')).toEqual({ kind: 'select', id: 30 });
    expect(move({ ids, selected: 99, page: 2, pages: 3 }, 'previous')).toEqual({ kind: 'select', id: 30 });
  });

  it('turns the page at its edges, opening on the row next in order', () => {
    expect(move({ ids, selected: 10, page: 1, pages: 3 }, 'next')).toEqual({ kind: 'page', page: 2, pick: 'first' });
    expect(move({ ids, selected: 30, page: 2, pages: 3 }, 'previous')).toEqual({ kind: 'page', page: 1, pick: 'last' });
  });

  it('stays at the ends of the list, and on an empty one', () => {
    expect(move({ ids, selected: 10, page: 3, pages: 3 }, 'next')).toEqual({ kind: 'stay' });
    expect(move({ ids, selected: 30, page: 1, pages: 3 }, 'previous')).toEqual({ kind: 'stay' });
    expect(move({ ids: [], selected: null, page: 1, pages: 0 }, 'next')).toEqual({ kind: 'stay' });
  });

  it('opens a turned page on its first or last row', () => {
    expect(pickOnPage(ids, 'first')).toBe(30);
    expect(pickOnPage(ids, 'last')).toBe(10);
    expect(pickOnPage([], 'first')).toBeNull();
  });
});
