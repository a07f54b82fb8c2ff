import type { ServiceDeps } from '../deps';
import { createDepartures } from './departures';
import { createExitExceptions } from './exceptions';
import { createZoneMoves } from './zones';

/** 出口查验 (departures and exceptions) and zone moves (docs/public-trace.md). */
export function createExitService(deps: ServiceDeps, dayStart: () => string) {
  const departures = createDepartures(deps, dayStart);
  const exceptions = createExitExceptions(deps, dayStart);
  const zones = createZoneMoves(deps);
  return {
    departureOf: departures.departureOf,
    handlers: {
      exitLot: departures.exitLot,
      listDepartures: departures.list,
      recordExitException: exceptions.record,
      listExitExceptions: exceptions.list,
      moveLotZone: zones.move,
    },
  };
}
export type ExitService = ReturnType<typeof createExitService>;
