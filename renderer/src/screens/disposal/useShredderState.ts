import { useEffect, useState } from 'react';
import type { ShredderState } from '../../../../shared/contract';
import { useStation } from '../../api';

/** The shredder controller's live state: shredderStatus once, then its pushed events. */
export function useShredderState(): ShredderState | null {
  const { client } = useStation();
  const [state, setState] = useState<ShredderState | null>(null);
  useEffect(() => {
    let live = true;
    const off = client.on('shredderStatus', (s) => setState(s));
    client.call('shredderStatus', {}).then(
      (s) => live && setState((prev) => prev ?? s),
      () => {
        // No state shown: the disposal still works, flagged when a fitted device saw no run.
      },
    );
    return () => {
      live = false;
      off();
    };
  }, [client]);
  return state;
}

/** 运行中 / 未运行 / 未连接 / 未配置 as a key under disposal.shredder. */
export function shredderWord(s: ShredderState | null): 'running' | 'idle' | 'offline' | 'none' {
  if (!s || s.mode === 'none') return 'none';
  if (s.state !== 'connected') return 'offline';
  return s.running ? 'running' : 'idle';
}
