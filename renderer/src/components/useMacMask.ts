/**
 * A function that masks the user's MAC identifiers in service-written text (device addresses,
 * capture filters) unless identifiers are revealed, as every other view masks them.
 */
import { useCallback, useMemo } from 'react';
import { useSession, useUi } from '../app-context';
import { macKeys, maskKnownMacs } from '../lib/mask';

export function useMacMask(): (text: string) => string {
  const identifiers = useSession((s) => s.identifiers);
  const reveal = useUi((s) => s.reveal);
  const keys = useMemo(() => macKeys(identifiers), [identifiers]);
  return useCallback((text: string) => (reveal ? text : maskKnownMacs(text, keys)), [reveal, keys]);
}
