/**
 * The inbox's keyboard: which key means what, and where "next" and "previous" lead when the
 * selection sits at a page's edge. Pure, so the edges are unit-tested without a browser.
 */

export type Shortcut = 'next' | 'previous' | 'reply' | 'leave' | 'help';

/** What the inbox needs to know of a keydown. */
export interface KeyLike {
  key: string;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
  /** The focused element's tag and editability, as the event's target had them. */
  target?: { tagName?: string; type?: string; isContentEditable?: boolean } | null;
}

// Inputs that take no text (the status switch is a radio group): keys there stay shortcuts.
const CHOICE_INPUTS = new Set(['radio', 'checkbox', 'button', 'submit', 'reset']);

/** True when the key lands in a text field: letters typed there are text, not commands. */
export function isTyping(target: KeyLike['target']): boolean {
  if (!target) return false;
  if (target.isContentEditable === true) return true;
  const tag = (target.tagName ?? '').toUpperCase();
  if (tag === 'INPUT') return !CHOICE_INPUTS.has((target.type ?? 'text').toLowerCase());
  return tag === 'TEXTAREA' || tag === 'SELECT';
}

/**
 * The shortcut a key means, or null. In a field only Escape counts (it leaves the field);
 * with Ctrl, ⌘ or Alt held nothing does, so the browser's own shortcuts keep working.
 */
export function shortcutFor(e: KeyLike): Shortcut | null {
  if (isTyping(e.target)) return e.key === 'Escape' ? 'leave' : null;
  if (e.ctrlKey || e.metaKey || e.altKey) return null;
  switch (e.key) {
    case 'j':
    case 'ArrowDown':
      return 'next';
    case 'k':
    case 'ArrowUp':
      return 'previous';
    case 'r':
      return 'reply';
    case '?':
      return 'help';
    default:
      return null;
  }
}

/** Ctrl+Enter or ⌘+Enter in the reply box sends it. */
export function isSendKey(e: Pick<KeyLike, 'key' | 'ctrlKey' | 'metaKey'>): boolean {
  return e.key === 'Enter' && (e.ctrlKey === true || e.metaKey === true);
}

/** Where a move leads: another row of this page, the edge row of a neighbouring page, or nowhere. */
export type Move = { kind: 'select'; id: number } | { kind: 'page'; page: number; pick: 'first' | 'last' } | { kind: 'stay' };

export interface ListPosition {
  /** The ids of the page shown, in order. */
  ids: readonly number[];
  /** The selected feedback, which may be on another page or on none. */
  selected: number | null;
  page: number;
  /** Pages in all (0 when the list is empty). */
  pages: number;
}

/**
 * Where "next" or "previous" leads. Past the last row of a page the next page opens on its
 * first row (and back, on its last); at the list's very ends the selection stays. With
 * nothing selected on this page, either key picks the page's first row.
 */
export function move(pos: ListPosition, direction: 'next' | 'previous'): Move {
  const { ids, selected, page, pages } = pos;
  if (ids.length === 0) return { kind: 'stay' };
  const at = selected === null ? -1 : ids.indexOf(selected);
  if (at === -1) return { kind: 'select', id: ids[0]! };
  const to = direction === 'next' ? at + 1 : at - 1;
  if (to >= 0 && to < ids.length) return { kind: 'select', id: ids[to]! };
  if (direction === 'next' && page < pages) return { kind: 'page', page: page + 1, pick: 'first' };
  if (direction === 'previous' && page > 1) return { kind: 'page', page: page - 1, pick: 'last' };
  return { kind: 'stay' };
}

/** The row a page turned by the keyboard opens on, once its rows have arrived. */
export function pickOnPage(ids: readonly number[], pick: 'first' | 'last'): number | null {
  if (ids.length === 0) return null;
  return pick === 'first' ? ids[0]! : ids[ids.length - 1]!;
}
