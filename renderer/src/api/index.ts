import type { StationClient } from '../../../shared/contract';
import { createHttpClient } from './httpClient';
import { createIpcClient } from './ipcClient';

export { StationProvider, useStation } from './StationContext';

export const TOKEN_KEY = 'station.token';

/**
 * The page is opened at `/?token=…`: keep the token for reloads and take it out of the address
 * bar, so it is not left in history or shown on screen.
 */
export function takeToken(win: Window): string {
  const url = new URL(win.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    win.sessionStorage.setItem(TOKEN_KEY, fromUrl);
    url.searchParams.delete('token');
    win.history.replaceState(win.history.state, '', url.pathname + url.search + url.hash);
  }
  return fromUrl ?? win.sessionStorage.getItem(TOKEN_KEY) ?? '';
}

/** IPC inside Electron, HTTP + WebSocket in a browser; screens never know which. */
export function createClient(win: Window = window): StationClient {
  if (win.stationApi && win.stationEvents) return createIpcClient(win.stationApi, win.stationEvents);
  return createHttpClient({ baseUrl: win.location.origin, token: takeToken(win), storage: win.sessionStorage });
}
