/**
 * What a transport (Electron IPC or the WebSocket server) needs from the services:
 * the command implementations and a way to hear their events.
 */
import type { Commands, EventListener } from '../../shared/api';

export interface ApiHost {
  commands: Commands;
  subscribe(listener: EventListener): () => void;
}
