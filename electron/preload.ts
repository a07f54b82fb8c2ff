import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { EventName } from '../shared/contract';
import { BRIDGE_EVENTS, BRIDGE_METHODS, eventChannel, methodChannel } from './transport/channels';

// One named function per contract method, each fixed to its own channel: the page can reach
// nothing but the contract, and there is no generic invoke(channel) to abuse. Only type imports
// from shared/: this file must bundle to plain CJS that requires nothing but 'electron'.
const stationApi = Object.fromEntries(
  BRIDGE_METHODS.map((name) => {
    const channel = methodChannel(name);
    return [name, (input?: unknown) => ipcRenderer.invoke(channel, input)];
  }),
);

const stationEvents = {
  on(event: EventName, handler: (payload: unknown) => void): () => void {
    if (!BRIDGE_EVENTS.includes(event)) throw new Error(`unknown event ${String(event)}`);
    const channel = eventChannel(event);
    // The IpcRendererEvent is withheld: its `sender` is ipcRenderer itself.
    const listener = (_event: IpcRendererEvent, payload: unknown) => handler(payload);
    ipcRenderer.on(channel, listener);
    return () => {
      ipcRenderer.removeListener(channel, listener);
    };
  },
};

contextBridge.exposeInMainWorld('stationApi', stationApi);
contextBridge.exposeInMainWorld('stationEvents', stationEvents);
