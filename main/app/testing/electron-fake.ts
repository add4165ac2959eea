/**
 * An in-memory stand-in for the parts of Electron the IPC transport and the preload use:
 * ipcMain, one renderer's ipcRenderer and webContents, and contextBridge. It copies data the
 * way Electron does (structured clone for IPC; functions proxied, errors reduced to their
 * message across contextBridge), so code that passes a test here does not depend on sharing
 * objects between processes, which the real thing never does.
 */
import type { IpcMainLike, SenderEvent, SenderFrame } from '../ipc-guard';
import type { PreloadIpc } from '../preload-bridge';
import type { EventSink } from '../ipc-transport';

type InvokeListener = (event: SenderEvent, ...args: unknown[]) => unknown;
type RendererListener = (event: unknown, ...args: unknown[]) => void;

export interface FakeFrame extends SenderFrame {
  url: string;
  readonly parent: FakeFrame | null;
}

export class FakeIpcMain implements IpcMainLike {
  private readonly handlers = new Map<string, InvokeListener>();

  handle(channel: string, listener: InvokeListener): void {
    // Electron refuses a second handler on a channel; so must the fake, or a double
    // registration would go unnoticed in tests.
    if (this.handlers.has(channel))
      throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, listener);
  }

  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }

  get channels(): string[] {
    return [...this.handlers.keys()];
  }

  /** What ipcRenderer.invoke does on the main side: clone in, run, clone out. */
  async dispatch(channel: string, event: SenderEvent, args: unknown[]): Promise<unknown> {
    const copied = structuredClone(args);
    await Promise.resolve();
    const handler = this.handlers.get(channel);
    if (!handler)
      throw new Error(
        `Error invoking remote method '${channel}': Error: No handler registered for '${channel}'`,
      );
    let result: unknown;
    try {
      result = await handler(event, ...copied);
    } catch (error) {
      throw new Error(`Error invoking remote method '${channel}': ${String(error)}`);
    }
    return structuredClone(result);
  }
}

export class FakeIpcRenderer implements PreloadIpc {
  private readonly listeners = new Map<string, Set<RendererListener>>();

  constructor(
    private readonly ipcMain: FakeIpcMain,
    /** The frame this ipcRenderer lives in; null mimics a frame destroyed mid-call. */
    private readonly frame: () => FakeFrame | null,
  ) {}

  invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    return this.ipcMain.dispatch(channel, { senderFrame: this.frame() }, args);
  }

  on(channel: string, listener: RendererListener): this {
    let set = this.listeners.get(channel);
    if (!set) this.listeners.set(channel, (set = new Set()));
    set.add(listener);
    return this;
  }

  removeListener(channel: string, listener: RendererListener): this {
    this.listeners.get(channel)?.delete(listener);
    return this;
  }

  listenerCount(channel: string): number {
    return this.listeners.get(channel)?.size ?? 0;
  }

  /** Called by FakeWebContents.send after cloning. */
  deliver(channel: string, args: unknown[]): void {
    // Like Electron, the listener's first argument is an event whose `sender` is ipcRenderer.
    const event = { sender: this, senderId: 0, ports: [] };
    for (const listener of [...(this.listeners.get(channel) ?? [])]) listener(event, ...args);
  }
}

export class FakeWebContents implements EventSink {
  private destroyed = false;
  private readonly destroyedListeners: (() => void)[] = [];
  readonly sent: { channel: string; args: unknown[] }[] = [];

  constructor(private readonly renderer: FakeIpcRenderer) {}

  send(channel: string, ...args: unknown[]): void {
    if (this.destroyed) throw new Error('Object has been destroyed');
    const copied = structuredClone(args);
    this.sent.push({ channel, args: copied });
    // Delivery is asynchronous in Electron; a microtask keeps the order of sends.
    queueMicrotask(() => {
      if (!this.destroyed) this.renderer.deliver(channel, copied);
    });
  }

  isDestroyed(): boolean {
    return this.destroyed;
  }

  once(event: 'destroyed', listener: () => void): this {
    if (event === 'destroyed') this.destroyedListeners.push(listener);
    return this;
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    for (const listener of this.destroyedListeners.splice(0)) listener();
  }
}

export interface FakeRenderer {
  frame: FakeFrame;
  ipcRenderer: FakeIpcRenderer;
  webContents: FakeWebContents;
  /** Make later calls look as if the frame navigated away or was destroyed (senderFrame null). */
  detachFrame(): void;
}

export function createFakeRenderer(
  ipcMain: FakeIpcMain,
  url: string,
  parent: FakeFrame | null = null,
): FakeRenderer {
  const frame: FakeFrame = { url, parent };
  let attached = true;
  const ipcRenderer = new FakeIpcRenderer(ipcMain, () => (attached ? frame : null));
  const webContents = new FakeWebContents(ipcRenderer);
  return {
    frame,
    ipcRenderer,
    webContents,
    detachFrame: () => {
      attached = false;
    },
  };
}

/**
 * What contextBridge.exposeInMainWorld hands the page: functions become proxies that copy
 * their arguments and results, promises settle with copies, errors keep only their message,
 * and Blobs (Files) pass by reference, as Electron documents.
 */
export function exposeInFakeMainWorld<T extends object>(api: T): T {
  return bridgeValue(api) as T;
}

function bridgeValue(value: unknown): unknown {
  if (typeof value === 'function') {
    const fn = value as (...args: unknown[]) => unknown;
    return (...args: unknown[]) => bridgeValue(fn(...args.map(bridgeValue)));
  }
  if (value instanceof Promise) {
    return value.then(bridgeValue, (error: unknown) => {
      throw bridgeError(error);
    });
  }
  if (value instanceof Error) return bridgeError(value);
  if (typeof Blob !== 'undefined' && value instanceof Blob) return value;
  if (Array.isArray(value)) return value.map(bridgeValue);
  if (typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, bridgeValue(entry)]));
  }
  return structuredClone(value);
}

function bridgeError(error: unknown): Error {
  return new Error(error instanceof Error ? error.message : String(error));
}
