import type { EventEmitter } from 'node:events';

/** The next `name` event whose payload passes `test`, or a rejection listing what came instead. */
export function nextEvent<T>(emitter: Pick<EventEmitter, 'on' | 'off'>, name: string, test: (value: T) => boolean = () => true, ms = 3000): Promise<T> {
  return new Promise((resolve, reject) => {
    const seen: string[] = [];
    const timer = setTimeout(() => {
      emitter.off(name, listener);
      reject(new Error(`no matching '${name}' within ${ms} ms; saw: ${seen.slice(-6).join(' | ') || 'nothing'}`));
    }, ms);
    function listener(value: T) {
      seen.push(JSON.stringify(value));
      if (!test(value)) return;
      clearTimeout(timer);
      emitter.off(name, listener);
      resolve(value);
    }
    emitter.on(name, listener);
  });
}
