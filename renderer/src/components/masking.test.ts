/**
 * The masking guarantees, checked on the rendered HTML (react-dom/server, no browser): a leak card
 * shows the identifier only when revealed, and the presentation view never does, even with every
 * reveal switched on.
 */
import { createElement, type ReactElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { AppContext, type AppServices } from '../app-context';
import { deriveFeed } from '../store/leak-feed';
import { applyRecords, emptyRecordState } from '../store/record-state';
import { createSessionStore } from '../store/session-store';
import { FakeBridge, FakeScheduler, leak, snapshot } from '../store/test-fixtures';
import { createUiStore } from '../store/ui-store';
import { LeakCard } from './LeakCard';
import { Presentation } from './Presentation';

const IMEI = '865301020304057';

async function services(): Promise<AppServices> {
  const bridge = new FakeBridge();
  bridge.snapshot = snapshot({
    identifiers: [{ kind: 'imei', value: IMEI, label: 'test phone' }],
    records: [leak(1, { identifier: 0 }), leak(2, { identifier: 0, encoding: 'md5-hex', host: 'b.example' })],
  });
  const session = createSessionStore(bridge, new FakeScheduler());
  await Promise.resolve();
  await Promise.resolve();
  const ui = createUiStore();
  // Server rendering reads a store's initial state; these tests render what the stores hold now.
  session.store.getInitialState = session.store.getState;
  ui.getInitialState = ui.getState;
  return { session, ui, mode: 'web' };
}

function render(s: AppServices, element: ReactElement): string {
  return renderToStaticMarkup(createElement(AppContext.Provider, { value: s }, element));
}

describe('masking', () => {
  it('a leak card shows the value only when revealed', () => {
    const view = deriveFeed(applyRecords(emptyRecordState(), [leak(1)]), {
      order: 'newest',
      search: '',
      range: null,
    }).leaks[0];
    const card = (revealed: boolean) =>
      renderToStaticMarkup(
        createElement(LeakCard, {
          view,
          value: IMEI,
          revealed,
          selected: false,
          onOpen: () => {},
          onToggleReveal: () => {},
        }),
      );
    expect(card(false)).not.toContain(IMEI);
    expect(card(false)).toContain('865•••••••••057');
    expect(card(true)).toContain(IMEI);
  });

  it('the presentation view masks the identifier even when every reveal is on', async () => {
    const s = await services();
    s.ui.getState().toggleReveal();
    s.ui.getState().toggleRevealLeak(1);
    s.ui.getState().toggleRevealLeak(2);
    const html = render(s, createElement(Presentation, { onLeave: () => {} }));
    expect(html).toContain('data-testid="presentation-leak"');
    expect(html).toContain('865•••••••••057');
    expect(html).not.toContain(IMEI);
  });
});
