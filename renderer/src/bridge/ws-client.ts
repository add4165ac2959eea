/**
 * WebSocket transport, renderer side (web mode). The token comes from the page URL the
 * `phonehome serve` command printed; it is moved to sessionStorage and removed from the address
 * bar so it does not end up in screenshots or history.
 */
import type {
  ApiClient,
  CommandName,
  Commands,
  EventListener,
  EventName,
  ServerEvents,
  WireEvent,
  WireResponse,
} from '../../../shared/api';
import type { ApiBridge } from './types';

const TOKEN_KEY = 'phonehome.token';

export function takeToken(): string | null {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl);
    url.searchParams.delete('token');
    window.history.replaceState(null, '', url.toString());
    return fromUrl;
  }
  return sessionStorage.getItem(TOKEN_KEY);
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

export class WsClient implements ApiClient {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Set<EventListener>();

  private constructor(private readonly socket: WebSocket) {
    socket.addEventListener('message', (ev) => this.onMessage(String(ev.data)));
    socket.addEventListener('close', () => {
      for (const p of this.pending.values()) {
        p.reject(new Error('The connection to PhoneHome closed. Reload the page to reconnect.'));
      }
      this.pending.clear();
      this.emit('error', {
        message: 'Lost the connection to the PhoneHome service. Reload the page to reconnect.',
      });
    });
  }

  /** `open` lets Node tests use the `ws` package's WebSocket (same event API) with an Origin. */
  static connect(url: string, open: (url: string) => WebSocket = (u) => new WebSocket(u)): Promise<WsClient> {
    return new Promise((resolve, reject) => {
      const socket = open(url);
      const fail = () =>
        reject(
          new Error(
            'Could not connect to the PhoneHome service: is `phonehome serve` still running, and is the token in the URL current?',
          ),
        );
      socket.addEventListener('error', fail, { once: true });
      socket.addEventListener(
        'open',
        () => {
          socket.removeEventListener('error', fail);
          resolve(new WsClient(socket));
        },
        { once: true },
      );
    });
  }

  call<K extends CommandName>(name: K, ...args: Parameters<Commands[K]>): ReturnType<Commands[K]> {
    const id = this.nextId++;
    const promise = new Promise<unknown>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.socket.send(JSON.stringify({ id, method: name, params: args }));
    });
    return promise as ReturnType<Commands[K]>;
  }

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  close(): void {
    this.socket.close();
  }

  private emit<E extends EventName>(event: E, payload: ServerEvents[E]): void {
    for (const l of this.listeners) l(event, payload);
  }

  private onMessage(text: string): void {
    let msg: WireResponse | WireEvent;
    try {
      msg = JSON.parse(text) as WireResponse | WireEvent;
    } catch {
      return;
    }
    if ('event' in msg) {
      this.emit(msg.event, msg.payload as never);
      return;
    }
    const p = this.pending.get(msg.id);
    if (!p) return;
    this.pending.delete(msg.id);
    if ('error' in msg) p.reject(new Error(msg.error.message));
    else p.resolve(msg.result);
  }
}

/** Upload a file to the server with progress; resolves with the server-side path. */
function upload(
  file: File,
  token: string,
  onProgress?: (sent: number, total: number) => void,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/upload?name=${encodeURIComponent(file.name)}`);
    xhr.setRequestHeader('Authorization', `Bearer ${token}`);
    xhr.upload.onprogress = (ev) => onProgress?.(ev.loaded, ev.total || file.size);
    xhr.onload = () => {
      if (xhr.status === 200) {
        resolve((JSON.parse(xhr.responseText) as { path: string }).path);
      } else {
        reject(new Error(`Upload failed (${xhr.status}): ${xhr.responseText || xhr.statusText}`));
      }
    };
    xhr.onerror = () => reject(new Error('Upload failed: the connection to PhoneHome was lost.'));
    xhr.send(file);
  });
}

export async function createWebBridge(): Promise<ApiBridge> {
  const token = takeToken();
  if (!token) {
    throw new Error('This page needs the address printed by `phonehome serve` (it carries an access token).');
  }
  const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
  const client = await WsClient.connect(
    `${scheme}://${window.location.host}/api/ws?token=${encodeURIComponent(token)}`,
  );
  return {
    mode: 'web',
    call: client.call.bind(client),
    subscribe: client.subscribe.bind(client),
    async openFile(file, onProgress) {
      const path = await upload(file, token, onProgress);
      await client.call('openCapture', path);
    },
    async saveCapture() {
      // The services write the annotated pcapng next to their session data; the browser downloads it.
      const saved = await client.call('saveCapture', '');
      const a = document.createElement('a');
      a.href = `/api/download?path=${encodeURIComponent(saved.path)}&token=${encodeURIComponent(token)}`;
      a.download = saved.path.split('/').pop() ?? 'capture.pcapng';
      a.click();
    },
  };
}
