import { beforeEach, describe, expect, it } from 'vitest';
import { useTimeRange } from './time-range';

describe('useTimeRange', () => {
  beforeEach(() => useTimeRange.setState({ range: null, generation: null }));

  it('sets and clears the range', () => {
    useTimeRange.getState().setRange({ from: 1, to: 2 });
    expect(useTimeRange.getState().range).toEqual({ from: 1, to: 2 });
    useTimeRange.getState().setRange(null);
    expect(useTimeRange.getState().range).toBeNull();
  });

  it('keeps the range within a session and drops it when a new one begins', () => {
    const s = useTimeRange.getState();
    s.forgetFor(1);
    s.setRange({ from: 1, to: 2 });
    s.forgetFor(1);
    expect(useTimeRange.getState().range).toEqual({ from: 1, to: 2 });
    s.forgetFor(2);
    expect(useTimeRange.getState().range).toBeNull();
  });
});
