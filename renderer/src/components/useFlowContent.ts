/**
 * Reads a flow's bytes from the services, and reads them again when the flow grows (its
 * `version`, e.g. the packet count, changes). At most one read is in flight: changes that arrive
 * meanwhile trigger one more read when it finishes, so a flow growing during a live capture
 * never floods the services and always ends up current.
 */
import { useEffect, useRef, useState } from 'react';
import type { FlowContent } from '../../../shared/api';
import { useActions } from '../app-context';

export type FlowContentState =
  { state: 'loading' } | { state: 'error'; message: string } | { state: 'ready'; content: FlowContent };

export function useFlowContent(flowId: number, maxBytes: number, version: number): FlowContentState {
  const { getFlowContent } = useActions();
  const [result, setResult] = useState<FlowContentState>({ state: 'loading' });
  const control = useRef({ inFlight: false, again: false, alive: true });

  useEffect(() => {
    const c = control.current;
    c.alive = true;
    return () => {
      c.alive = false;
    };
  }, []);

  useEffect(() => {
    const c = control.current;
    function read(): void {
      if (c.inFlight) {
        c.again = true;
        return;
      }
      c.inFlight = true;
      getFlowContent(flowId, maxBytes)
        .then(
          (content) => c.alive && setResult({ state: 'ready', content }),
          (error: unknown) =>
            c.alive &&
            setResult({ state: 'error', message: error instanceof Error ? error.message : String(error) }),
        )
        .finally(() => {
          c.inFlight = false;
          if (c.again && c.alive) {
            c.again = false;
            read();
          }
        });
    }
    read();
  }, [flowId, maxBytes, getFlowContent, version]);

  return result;
}
