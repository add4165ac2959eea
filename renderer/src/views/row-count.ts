/** "1,234 flows" or "12 of 1,234 flows", for a view's toolbar. */
import { formatCount } from '../lib/format';

export function rowCount(shown: number, total: number, noun: string): string {
  return shown === total
    ? `${formatCount(total)} ${noun}`
    : `${formatCount(shown)} of ${formatCount(total)} ${noun}`;
}
