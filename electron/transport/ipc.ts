import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { EVENT_NAMES, METHOD_NAMES, type MethodName } from '../../shared/contract';
import type { Envelope } from '../core/dispatch';
import type { Core } from '../core/types';
import { eventChannel, methodChannel } from './channels';

export interface IpcOptions {
  /** Sends one pushed event to every live window. */
  broadcast(channel: string, payload: unknown): void;
  /** Whether a frame at this URL may call the API: the app page, not an iframe or a foreign page. */
  isTrustedSender(frameUrl: string): boolean;
}

const OPENS_SESSION: ReadonlySet<MethodName> = new Set(['signIn', 'setupAdmin']);

/**
 * The only IPC surface: one `api:<method>` handler per contract method, each answering with the
 * dispatcher's Envelope as plain data (Electron drops custom fields from thrown errors).
 * The session lives here, per webContents, so the renderer never has to hand its id back.
 */
export function registerIpc(ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>, core: Core, options: IpcOptions): () => void {
  const sessions = new Map<number, string>();
  const watched = new Set<number>();

  const endSession = (sessionId: string | undefined) => {
    if (sessionId) void core.dispatch('signOut', {}, { sessionId });
  };

  const openSession = (sender: WebContents, sessionId: string) => {
    const id = sender.id;
    if (sender.isDestroyed()) return endSession(sessionId);
    const previous = sessions.get(id);
    if (previous !== sessionId) endSession(previous);
    sessions.set(id, sessionId);
    if (watched.has(id)) return;
    watched.add(id);
    // A closed window must not leave a signed-in session behind in the core.
    sender.once('destroyed', () => {
      watched.delete(id);
      endSession(sessions.get(id));
      sessions.delete(id);
    });
  };

  for (const name of METHOD_NAMES) {
    ipcMain.handle(methodChannel(name), async (event: IpcMainInvokeEvent, payload: unknown): Promise<Envelope> => {
      const frameUrl = event.senderFrame?.url ?? '';
      if (!options.isTrustedSender(frameUrl)) {
        return { ok: false, error: { code: 'forbidden', message: `untrusted sender ${frameUrl}` } };
      }
      const id = event.sender.id;
      const envelope = await core.dispatch(name, payload, { sessionId: sessions.get(id) });
      if (envelope.ok) {
        if (OPENS_SESSION.has(name)) openSession(event.sender, (envelope.value as { sessionId: string }).sessionId);
        else if (name === 'signOut') sessions.delete(id);
      }
      return envelope;
    });
  }

  const unsubscribe = core.onEvent((event, payload) => {
    if (EVENT_NAMES.includes(event)) options.broadcast(eventChannel(event), payload);
  });

  return () => {
    unsubscribe();
    for (const name of METHOD_NAMES) ipcMain.removeHandler(methodChannel(name));
  };
}
