/**
 * The shared identifier validators, loaded as their own chunk: they carry libphonenumber's
 * metadata, which the rest of the UI does not need to start. Loading begins at once, in
 * parallel with the first render.
 */
import { useEffect, useState } from 'react';

export type Validators = typeof import('../../../shared/identifiers');

let loaded: Validators | null = null;
const loading: Promise<Validators> = import('../../../shared/identifiers').then((m) => (loaded = m));

export function useValidators(): Validators | null {
  const [validators, setValidators] = useState(loaded);
  useEffect(() => {
    if (validators) return;
    let live = true;
    void loading.then((m) => live && setValidators(m));
    return () => {
      live = false;
    };
  }, [validators]);
  return validators;
}

/** The validators, for event handlers that can wait for them. */
export function loadValidators(): Promise<Validators> {
  return loading;
}
