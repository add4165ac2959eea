/** Whether the system asks for a dark theme (prefers-color-scheme), following changes live. */
import { useEffect, useState } from 'react';

const QUERY = '(prefers-color-scheme: dark)';

export function useSystemDark(): boolean {
  const [dark, setDark] = useState(() => window.matchMedia(QUERY).matches);
  useEffect(() => {
    const media = window.matchMedia(QUERY);
    const onChange = () => setDark(media.matches);
    media.addEventListener('change', onChange);
    return () => media.removeEventListener('change', onChange);
  }, []);
  return dark;
}
