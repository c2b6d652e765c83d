/**
 * Asks before leaving a page with unsaved changes: in-app navigation (menu, links, the
 * browser's back button) through a confirmation, closing or reloading the tab through the
 * browser's own prompt.
 */
import { App } from 'antd';
import { useEffect, useRef } from 'react';
import { useBlocker } from 'react-router';

export interface GuardText {
  title: string;
  content: string;
  okText: string;
  cancelText: string;
}

export function useUnsavedGuard(dirty: boolean, text: GuardText) {
  const { modal } = App.useApp();
  const bypass = useRef(false);
  const blocker = useBlocker(
    ({ currentLocation, nextLocation }) => dirty && !bypass.current && currentLocation.pathname !== nextLocation.pathname,
  );

  useEffect(() => {
    if (blocker.state !== 'blocked') return;
    const dialog = modal.confirm({
      ...text,
      okButtonProps: { danger: true },
      onOk: () => blocker.proceed(),
      onCancel: () => blocker.reset(),
    });
    return () => dialog.destroy();
    // The text is read when the dialog opens; a re-render must not reopen it.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [blocker.state]);

  useEffect(() => {
    if (!dirty) return;
    const onBeforeUnload = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [dirty]);

  /** Runs `fn` (a navigation right after a save) without asking. */
  return (fn: () => void) => {
    bypass.current = true;
    try {
      fn();
    } finally {
      bypass.current = false;
    }
  };
}
