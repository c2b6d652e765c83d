/** Binds the inbox's shortcuts (shortcuts.ts says which key means what) to the window. */
import { useEffect, useRef } from 'react';
import { shortcutFor, type Shortcut } from './shortcuts.ts';

export function useInboxKeys(handle: (s: Shortcut) => void): void {
  // The latest handler, so the listener is bound once and never sees stale state.
  const latest = useRef(handle);
  useEffect(() => {
    latest.current = handle;
  });
  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      if (e.defaultPrevented || e.isComposing) return;
      const s = shortcutFor({
        key: e.key,
        ctrlKey: e.ctrlKey,
        metaKey: e.metaKey,
        altKey: e.altKey,
        target: e.target instanceof HTMLElement ? e.target : null,
      });
      if (!s) return;
      // Keeps the arrows from scrolling the page and "r" from landing in the box it focuses.
      if (s !== 'leave') e.preventDefault();
      latest.current(s);
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
