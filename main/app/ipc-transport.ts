/**
 * The Electron IPC transport of the API contract: one `ipcMain.handle` per command, and the
 * services' events pushed to each window that asked for them.
 *
 * Threat model: see ipc-guard.ts; every command handler goes through `handleTrusted`, so a
 * frame that is not our app's main frame gets a refusal and the services never see the call.
 * Events flow the other way only, to webContents the shell chose itself.
 */
import { COMMAND_NAMES } from '../../shared/api';
import type { CommandName, Commands } from '../../shared/api';
import type { ApiHost } from '../services/api-host';
import { EVENT_CHANNEL, commandChannel } from './ipc-channels';
import type { IpcEventMessage } from './ipc-channels';
import { handleTrusted } from './ipc-guard';
import type { FrameTrust, IpcMainLike } from './ipc-guard';

/** The part of Electron's WebContents the transport uses to deliver events. */
export interface EventSink {
  send(channel: string, ...args: unknown[]): void;
  isDestroyed(): boolean;
  once(event: 'destroyed', listener: () => void): unknown;
}

export interface IpcTransport {
  /** Send every service event to `target` until it is destroyed or the returned function runs. */
  forward(target: EventSink): () => void;
  /** Remove every handler and stop every forward. */
  dispose(): void;
}

export interface IpcTransportOptions {
  /**
   * A last word on a call's arguments before the services see them: a refusal message, or
   * null to let the call through. The shell uses it to hold `saveCapture` to paths the user
   * picked in the save dialog.
   */
  refuse?: (name: CommandName, args: unknown[]) => string | null;
}

export function registerIpcTransport(
  ipcMain: IpcMainLike,
  host: ApiHost,
  isTrusted: FrameTrust,
  options: IpcTransportOptions = {},
): IpcTransport {
  for (const name of COMMAND_NAMES) {
    handleTrusted(ipcMain, commandChannel(name), isTrusted, (args) => {
      const refusal = options.refuse?.(name, args) ?? null;
      if (refusal !== null) throw new Error(refusal);
      return runCommand(host.commands, name, args);
    });
  }

  const forwards = new Set<() => void>();

  function forward(target: EventSink): () => void {
    const unsubscribe = host.subscribe((event, payload) => {
      if (target.isDestroyed()) return;
      const message: IpcEventMessage = { event, payload };
      target.send(EVENT_CHANNEL, message);
    });
    let stopped = false;
    const stop = (): void => {
      if (stopped) return;
      stopped = true;
      forwards.delete(stop);
      unsubscribe();
    };
    forwards.add(stop);
    target.once('destroyed', stop);
    return stop;
  }

  function dispose(): void {
    for (const name of COMMAND_NAMES) ipcMain.removeHandler(commandChannel(name));
    for (const stop of [...forwards]) stop();
  }

  return { forward, dispose };
}

function runCommand(commands: Commands, name: CommandName, args: unknown[]): Promise<unknown> {
  // The arguments come from the renderer; the services validate them, as they must for the
  // WebSocket transport too. Calling through `commands` keeps `this` for services written as
  // classes.
  const table = commands as unknown as Record<CommandName, (...params: unknown[]) => Promise<unknown>>;
  return table[name](...args);
}
