/**
 * The renderer's view of the services. Only renderer/src/bridge/ touches a transport;
 * everything else in the renderer receives an ApiBridge.
 */
import type { ApiClient } from '../../../shared/api';

export interface ApiBridge extends ApiClient {
  /** "electron" when the preload is present, "web" for the WebSocket transport. */
  readonly mode: 'electron' | 'web';
  /**
   * Open a capture the user picked or dropped. In Electron the file's path is handed to the
   * services; in web mode the bytes are uploaded, with progress reported through `onProgress`.
   */
  openFile(file: File, onProgress?: (sent: number, total: number) => void): Promise<void>;
  /** Let the user choose where to save (native dialog in Electron, a download in web mode). */
  saveCapture(): Promise<void>;
}
