/**
 * Folds repeated sightings of the same identifier, in the same encoding, sent to the same
 * destination, into one leak with a count — the first sighting keeps its time and frames.
 */
import type { Identifier } from '../../shared/identifier-types';
import type { LeakRecord } from '../../shared/events';

export type LeakSighting = Omit<
  LeakRecord,
  'type' | 'kind' | 'label' | 'leakId' | 'count' | 'occurrenceFrames'
>;

const MAX_OCCURRENCE_FRAMES = 1000;

export class LeakTracker {
  private readonly byKey = new Map<string, LeakRecord>();
  private nextId = 1;

  constructor(private readonly identifiers: readonly Identifier[]) {}

  get size(): number {
    return this.byKey.size;
  }

  /** Returns the leak record to emit (new, or the existing one with its count raised). */
  add(s: LeakSighting): LeakRecord {
    const destination = s.host ?? s.server.replace(/:\d+$/, '');
    const key = `${s.identifier}\u0000${s.encoding}\u0000${destination}\u0000${s.direction}`;
    const known = this.byKey.get(key);
    if (known) {
      known.count++;
      if (known.occurrenceFrames.length < MAX_OCCURRENCE_FRAMES) known.occurrenceFrames.push(s.frame);
      return known;
    }
    const id = this.identifiers[s.identifier];
    const record: LeakRecord = {
      type: 'leak',
      leakId: this.nextId++,
      kind: id?.kind ?? 'text',
      label: id?.label ?? id?.kind ?? '',
      count: 1,
      occurrenceFrames: [s.frame],
      ...s,
    };
    this.byKey.set(key, record);
    return record;
  }
}
