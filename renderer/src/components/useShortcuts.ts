/**
 * The window's one keyboard listener: turns keys into actions (lib/shortcuts.ts) and carries
 * them out against the latest state, read from the stores at the moment of the key press.
 */
import { useEffect, useRef } from 'react';
import { useActions, usePickFile, useStores } from '../app-context';
import { isTyping, shortcutFor, type ShortcutAction } from '../lib/shortcuts';
import { toggledTheme } from '../lib/theme';
import { deriveFeed, stepLeak } from '../store/leak-feed';
import { useTimeRange } from '../store/time-range';

function focusFirst(selector: string): boolean {
  const el = document.querySelector<HTMLElement>(selector);
  if (!el) return false;
  el.focus();
  if (el instanceof HTMLInputElement) el.select();
  return true;
}

export function useShortcuts(): void {
  const stores = useStores();
  const actions = useActions();
  const pickFile = usePickFile();
  const latest = useRef({ stores, actions, pickFile });
  useEffect(() => {
    latest.current = { stores, actions, pickFile };
  });

  useEffect(() => {
    const run = (action: ShortcutAction, typing: boolean): boolean => {
      const { stores, actions, pickFile } = latest.current;
      const ui = stores.ui.getState();
      const session = stores.session.getState();
      const active = session.capture !== null || session.live.state !== 'idle';

      // The presentation view handles its own keys.
      if (ui.presentation) return false;
      switch (action) {
        case 'escape':
          if (typing) return false;
          if (ui.helpOpen) ui.setHelpOpen(false);
          else if (ui.flowId !== null) ui.closeFlow();
          else if (ui.evidenceOpen) ui.closeEvidence();
          else if (ui.screen === 'capture') ui.setScreen('workspace');
          else return false;
          return true;
        case 'help':
          ui.setHelpOpen(!ui.helpOpen);
          return true;
        case 'open':
          pickFile();
          return true;
        case 'theme':
          ui.setTheme(toggledTheme(ui.theme, window.matchMedia('(prefers-color-scheme: dark)').matches));
          return true;
        case 'present':
          if (!active) return false;
          ui.setPresentation(true);
          return true;
        case 'capture':
          if (session.live.state === 'capturing') void actions.stopCapture();
          else if (session.live.state !== 'idle' && session.live.state !== 'error') return false;
          else if (ui.screen === 'capture' && ui.captureInterface)
            void actions
              .startCapture({ interface: ui.captureInterface, deviceMac: ui.captureDevice })
              .then(() => {
                const state = stores.session.getState().live.state;
                if (state === 'capturing' || state === 'starting') {
                  stores.ui.getState().setTab('leaks');
                  stores.ui.getState().setScreen('workspace');
                }
              });
          else ui.setScreen('capture');
          return true;
        case 'marker':
          return focusFirst('[data-testid="marker-input"]');
        case 'search':
          if (ui.screen !== 'workspace' || !active) return false;
          if (focusFirst('.workspace input[type="search"]')) return true;
          ui.setTab('leaks');
          requestAnimationFrame(() => focusFirst('.workspace input[type="search"]'));
          return true;
        case 'next':
        case 'previous':
        case 'evidence': {
          if (ui.screen !== 'workspace' || !active) return false;
          const feed = deriveFeed(session, {
            order: ui.feedOrder,
            search: ui.feedSearch,
            range: useTimeRange.getState().range,
          }).leaks;
          if (action === 'evidence') {
            const view = feed.find((v) => v.leak.leakId === ui.selectedLeakId);
            if (!view) return false;
            ui.setTab('leaks');
            ui.openEvidence(view.leak);
            return true;
          }
          const next = stepLeak(feed, ui.selectedLeakId, action === 'next' ? 1 : -1);
          if (!next) return false;
          if (ui.tab !== 'leaks') ui.setTab('leaks');
          ui.selectLeak(next.leak.leakId);
          return true;
        }
      }
    };

    const onKey = (e: KeyboardEvent) => {
      const target = e.target instanceof HTMLElement ? e.target : null;
      const facts = {
        key: e.key,
        ctrlKey: e.ctrlKey,
        metaKey: e.metaKey,
        altKey: e.altKey,
        targetTag: target?.tagName ?? 'BODY',
        targetEditable: target?.isContentEditable ?? false,
        inputType: target instanceof HTMLInputElement ? target.type : undefined,
      };
      const action = shortcutFor(facts);
      if (action === null || e.defaultPrevented) return;
      if (run(action, isTyping(facts))) e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
