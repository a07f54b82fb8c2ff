import type { Handlers } from '../../core/dispatch';
import type { disposalMethods, ShredderSettings, ShredderState } from '../../../shared/contract';
import type { ServiceDeps } from '../deps';
import { takeWeighed } from '../weighing';
import { createDisposals } from './disposals';
import { createShredderService, type MonitorTuning } from './shredderService';
import { loadShredderSettings, saveShredderSettings } from './shredderSettings';

export interface DisposalOptions {
  /** A CJK font for the certificate; default: the OS's well-known places (cjkFont.ts). */
  fontPath?: string;
  /** Shorter driver timings (tests). */
  tuning?: MonitorTuning;
}

/**
 * Disposal (无害化处理 / 销毁) with shredder logging and the kept certificate. The shredder monitor
 * starts with the core and restarts when the admin saves its settings. Environment (tests, odd
 * machines): STATION_CJK_FONT names the certificate font.
 */
export function createDisposalService(
  deps: ServiceDeps,
  options: DisposalOptions = {},
): {
  start(): Promise<void>;
  close(): Promise<void>;
  /** The shredder's settings and connection (support bundle). */
  shredder(): { settings: ShredderSettings; state: ShredderState };
  handlers: Pick<Handlers, keyof typeof disposalMethods>;
} {
  const shredder = createShredderService(deps.clock, deps.emit, options.tuning);
  const disposals = createDisposals(deps, shredder, { fontPath: options.fontPath ?? process.env.STATION_CJK_FONT });
  let settings: ShredderSettings | null = null;
  const current = () => (settings ??= loadShredderSettings(deps.orm));

  return {
    start: () => shredder.configure(current()),
    close: () => shredder.close(),
    shredder: () => ({ settings: current(), state: shredder.state() }),
    handlers: {
      getShredderSettings: () => current(),
      saveShredderSettings: async (i, o) => {
        settings = saveShredderSettings(deps.orm, deps.clock, i, o);
        await shredder.configure(settings);
        return settings;
      },
      shredderStatus: () => shredder.state(),
      startShredding: (i) => {
        // The goods are weighed before they go in: the stable reading is spent now, kept with the window.
        const weighed = i.weighed ? { scaleId: i.weighed.scaleId, kg: i.weighed.quantity } : undefined;
        const giveBack = weighed ? takeWeighed(deps.scales, weighed.scaleId, weighed.kg, 'kg') : undefined;
        let w;
        try {
          w = shredder.open(i.method ?? 'shredding', weighed);
        } catch (e) {
          giveBack?.();
          throw e;
        }
        return { shreddingId: w.id, startedAt: w.startedAt, weighedKg: w.weighed?.kg ?? null };
      },
      stopShredding: (i) => {
        shredder.stop(i.shreddingId);
        return { ok: true as const };
      },
      checkDisposalPin: (i, o) => disposals.checkPin(i, o),
      disposeLot: (i, o) => disposals.dispose(i, o),
      listDisposals: (i) => disposals.list(i.limit),
      getDisposalCertificate: (i) => disposals.certificate(i.disposalId),
    },
  };
}
