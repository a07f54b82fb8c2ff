/**
 * One request id per user action (electron/services/clientRequests.ts): the same action sent
 * again — 出码 pressed once more after no answer came — carries the same id, so the station
 * answers with the code it may already have issued instead of issuing a second one. A changed
 * action, or any action after an answer, gets a new id.
 */
export function createActionIds(newId: () => string = () => crypto.randomUUID()) {
  let last: { key: string; id: string } | null = null;
  return {
    for(action: unknown): string {
      const key = JSON.stringify(action);
      if (last?.key !== key) last = { key, id: newId() };
      return last.id;
    },
    /** The action was answered (or a new lot was scanned): the next one is new even if it looks the same. */
    done() {
      last = null;
    },
  };
}
export type ActionIds = ReturnType<typeof createActionIds>;
