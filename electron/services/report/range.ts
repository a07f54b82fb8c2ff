import { encodeTime } from 'ulid';
import { marketBounds } from '../../../shared/domain/marketDay';
import type { Params } from './worker';

/**
 * Record ids are ULIDs made on this station with the record (their time is its creation time,
 * as the sampler's "lots seen" count relies on too): an id range finds a day's splits, disposals
 * and lots through the primary key, where no index on created_at exists. The margin covers a clock
 * set back while the station ran (ids then keep the later time for a while); every query still
 * filters on created_at exactly.
 */
const ID_MARGIN_MS = 3_600_000;

const idAt = (ms: number) => `${encodeTime(Math.max(0, ms), 10)}${'0'.repeat(16)}`;
/** A wall-clock prefix (YYYY-MM-DDTHH:MM) as local epoch ms. */
const localMs = (wall: string) => new Date(`${wall}:00`).getTime();

/** The statement parameters of the market days `from`…`to`: time bounds and id bounds. */
export function rangeParams(from: string, to: string, dayStart: string): Params {
  const { fromAt, toAt } = marketBounds(from, to, dayStart);
  return { fromAt, toAt, idFrom: idAt(localMs(fromAt) - ID_MARGIN_MS), idTo: idAt(localMs(toAt) + ID_MARGIN_MS) };
}
