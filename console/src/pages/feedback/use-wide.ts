/** Whether the viewport is wide enough for the inbox's two panes side by side. */
import { useSyncExternalStore } from 'react';

// Below this (tablets, whatever their orientation) the panes stack: list, then conversation.
const WIDE = '(min-width: 1200px)';

function subscribe(onChange: () => void): () => void {
  const mql = window.matchMedia(WIDE);
  mql.addEventListener('change', onChange);
  return () => mql.removeEventListener('change', onChange);
}

export function useWide(): boolean {
  return useSyncExternalStore(subscribe, () => window.matchMedia(WIDE).matches);
}
