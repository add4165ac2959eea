/**
 * What every hotspot provider implements. A provider checks its prerequisites and makes the
 * hotspot; it never undoes anything itself: each change is recorded as an undo step the moment
 * it is made (ProviderContext.record), and the manager undoes the steps, in `down` or when `up`
 * fails halfway.
 */
import type { HotspotOptions, HotspotProviderName, Prerequisite } from '../../shared/live-types';
import type { CommandRunner } from './command-runner';
import type { UndoStep } from './hotspot-state';
import type { SystemAccess } from './system-access';

/** HotspotOptions plus provider-level extras that the UI contract does not carry. */
export interface HotspotUpOptions extends HotspotOptions {
  /** Names the hotspot's DNS answers itself (dnsmasq --host-record), e.g. for the lab. */
  hosts?: Record<string, string>;
  /** Wi-Fi channel (hostapd, networkmanager); 6 when absent. */
  channel?: number;
  /** Wi-Fi regulatory country (hostapd), ISO 3166 alpha-2. */
  country?: string;
}

export interface ProviderDeps {
  runner: CommandRunner;
  system: SystemAccess;
}

export interface ProviderContext extends ProviderDeps {
  stateDir: string;
  /** Random hex that names everything this run creates. */
  tag: string;
  /** Persist one change before making the next, so a crash leaves a complete undo list. */
  record(step: UndoStep): Promise<void>;
  /** Something the user should know that does not stop the hotspot. */
  warn(text: string): void;
}

export interface ProviderUpResult {
  interface: string;
  upstream: string | null;
  ssid: string | null;
  gateway: string | null;
  subnet: string | null;
  guidance: string;
  leaseFile: string | null;
  leaseSeconds: number;
}

export interface HotspotProvider {
  readonly name: HotspotProviderName;
  /** Checks that need no options: platform, programs, privileges, hardware. */
  systemPrerequisites(): Promise<Prerequisite[]>;
  /** Every check for these options, passing ones included. */
  prerequisites(options: HotspotUpOptions): Promise<Prerequisite[]>;
  /** Makes the hotspot. Throws PrerequisiteError when a check fails, HotspotError when a step fails. */
  up(options: HotspotUpOptions, ctx: ProviderContext): Promise<ProviderUpResult>;
}

export class HotspotError extends Error {}

export class PrerequisiteError extends HotspotError {
  constructor(readonly prerequisites: Prerequisite[]) {
    super(
      `prerequisites missing:\n  ${prerequisites
        .filter((p) => !p.ok)
        .map((p) => p.message)
        .join('\n  ')}`,
    );
  }
}

/** Throws PrerequisiteError unless every check passed. */
export function requireAll(prerequisites: Prerequisite[]): void {
  if (prerequisites.some((p) => !p.ok)) throw new PrerequisiteError(prerequisites);
}

/** Twelve hours, as home routers hand out. */
export const LEASE_SECONDS = 12 * 3600;
