import { describe, expect, it } from 'vitest';
import { leak } from './test-fixtures';
import { createUiStore } from './ui-store';

describe('ui store', () => {
  it('opening a leak opens its flow focused on the match', () => {
    const ui = createUiStore();
    ui.getState().openLeak(leak(3, { flowId: 9, direction: 'in', offset: 120, length: 15, frame: 44 }));
    const s = ui.getState();
    expect([s.selectedLeakId, s.flowId, s.focus]).toEqual([
      3,
      9,
      { direction: 'in', offset: 120, length: 15, frame: 44 },
    ]);
  });

  it('opening a flow from the flow list drops the leak focus', () => {
    const ui = createUiStore();
    ui.getState().openLeak(leak(3));
    ui.getState().openFlow(4);
    expect([ui.getState().selectedLeakId, ui.getState().flowId, ui.getState().focus]).toEqual([
      null,
      4,
      null,
    ]);
  });

  it('clearSelection closes the flow view but keeps tab, filters and reveal', () => {
    const ui = createUiStore();
    ui.getState().setTab('flows');
    ui.getState().setFlowFilter('xiaomi');
    ui.getState().toggleReveal();
    ui.getState().openFlow(4);
    ui.getState().clearSelection();
    const s = ui.getState();
    expect([s.tab, s.flowFilter, s.reveal, s.flowId]).toEqual(['flows', 'xiaomi', true, null]);
  });
});
