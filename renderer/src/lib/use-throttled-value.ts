/**
 * A value that follows its input at most once per `ms`. The data views derive their rows from
 * every flow (100,000 in a big capture); while a capture is being read the flow list changes
 * every frame, and re-filtering and re-sorting it that often would take the frame budget. With
 * `ms` = 0 the input passes straight through.
 */
import { useEffect, useRef, useState } from 'react';

export function useThrottledValue<T>(value: T, ms: number): T {
  const [shown, setShown] = useState(value);
  const lastSet = useRef(0);

  useEffect(() => {
    if (Object.is(value, shown)) return;
    const wait = ms <= 0 ? 0 : lastSet.current + ms - performance.now();
    if (wait <= 0) {
      lastSet.current = performance.now();
      setShown(value);
      return;
    }
    const timer = setTimeout(() => {
      lastSet.current = performance.now();
      setShown(value);
    }, wait);
    return () => clearTimeout(timer);
  }, [value, shown, ms]);

  return ms <= 0 ? value : shown;
}
