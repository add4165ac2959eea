/**
 * Loads the data the engine's Enricher needs: the IP country/AS tables (out/data/ip-tables.bin,
 * written by build/data/make-ip-tables.ts) and the tracker list (build/data/trackers.json,
 * bundled into the code by the import below). The engine does no I/O, so this is where the file
 * is read. A missing or damaged table file is not an error: analysis runs without countries and
 * AS numbers, and one warning says why and how to fix it.
 *
 * The default path is resolved from this module's URL. From source this file is
 * main/services/, and in the electron-vite bundle it is out/main/; both are two levels below
 * the folder that holds out/data/.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import trackerJson from '../../build/data/trackers.json' with { type: 'json' };
import { createEnricher, type Enricher } from '../engine/enrich/enricher';
import { IpRanges, parseIpTables } from '../engine/enrich/ip-ranges';
import { TrackerList } from '../engine/enrich/trackers';

export const DEFAULT_IP_TABLES_PATH = fileURLToPath(new URL('../../out/data/ip-tables.bin', import.meta.url));

export interface EnrichData {
  enricher: Enricher;
  ipRanges: IpRanges | null;
  trackers: TrackerList;
  /**
   * Credits the data licenses require, one line each, for the About box, the README and
   * reports (CC BY 4.0 for the AS data: RouteViews, NRO, DB-IP).
   */
  attributions: string[];
}

export type Warn = (message: string) => void;

const warnOnStderr: Warn = (message) => console.warn(`phonehome: ${message}`);

/** The IP tables at `path`, or null with a warning when the file is missing or unusable. */
export function loadIpRanges(
  path: string = DEFAULT_IP_TABLES_PATH,
  warn: Warn = warnOnStderr,
): IpRanges | null {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    warn(
      code === 'ENOENT'
        ? `IP country/AS data not found at ${path}; flows will show no country or AS. ` +
            'Build it with `npm run build:data`.'
        : `cannot read IP country/AS data at ${path} (${(err as Error).message}); flows will show no country or AS.`,
    );
    return null;
  }
  const result = parseIpTables(bytes);
  if (!result.ok) {
    warn(
      `IP country/AS data at ${path} is unusable (${result.error}); flows will show no country or AS. ` +
        'Rebuild it with `npm run build:data`.',
    );
    return null;
  }
  return result.tables;
}

/** The bundled tracker list; entries that fail validation are left out with a warning. */
export function loadTrackerList(warn: Warn = warnOnStderr): TrackerList {
  const { list, problems } = TrackerList.fromJson(trackerJson);
  if (problems.length) warn(`tracker list: ${problems.length} entries ignored (${problems.join('; ')})`);
  return list;
}

export function loadEnrichData(opts: { ipTablesPath?: string; warn?: Warn } = {}): EnrichData {
  const warn = opts.warn ?? warnOnStderr;
  const ipRanges = loadIpRanges(opts.ipTablesPath ?? DEFAULT_IP_TABLES_PATH, warn);
  const trackers = loadTrackerList(warn);
  return {
    enricher: createEnricher({ ipRanges, trackers }),
    ipRanges,
    trackers,
    attributions: ipRanges ? ipRanges.header.sources.map((s) => s.attribution) : [],
  };
}

let shared: EnrichData | null = null;

/**
 * One EnrichData per process, loaded on first use (a few tens of ms for the 17 MB table), so every
 * analysis and capture in the process shares the tables and the caches, and a missing table
 * is reported once.
 */
export function defaultEnrichData(): EnrichData {
  shared ??= loadEnrichData();
  return shared;
}
