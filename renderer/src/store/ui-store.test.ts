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

  it('opens the evidence of a leak, keeps it while the whole flow is opened and closed, and follows j/k', () => {
    const ui = createUiStore();
    ui.getState().openEvidence(leak(3, { flowId: 9 }));
    expect([ui.getState().selectedLeakId, ui.getState().evidenceOpen, ui.getState().flowId]).toEqual([
      3,
      true,
      null,
    ]);
    ui.getState().openLeak(leak(3, { flowId: 9 }));
    ui.getState().closeFlow();
    expect([ui.getState().selectedLeakId, ui.getState().evidenceOpen, ui.getState().flowId]).toEqual([
      3,
      true,
      null,
    ]);
    ui.getState().selectLeak(4);
    expect(ui.getState().selectedLeakId).toBe(4);
  });

  it('reveals cards one by one, and a new session forgets them and closes the evidence', () => {
    const ui = createUiStore();
    ui.getState().toggleRevealLeak(1);
    ui.getState().toggleRevealLeak(2);
    ui.getState().toggleRevealLeak(1);
    expect([...ui.getState().revealed]).toEqual([2]);
    ui.getState().openEvidence(leak(2));
    ui.getState().clearSelection();
    expect([ui.getState().revealed.size, ui.getState().evidenceOpen, ui.getState().selectedLeakId]).toEqual([
      0,
      false,
      null,
    ]);
  });

  it('starts with the theme it is given', () => {
    expect(createUiStore({ theme: 'dark' }).getState().theme).toBe('dark');
    expect(createUiStore().getState().theme).toBe('system');
  });
});
