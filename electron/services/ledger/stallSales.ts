import { inArray } from 'drizzle-orm';
import { ApiError, refused, type LotStatus, type Operator, type PrintJob, type StallSale, type Unit } from '../../../shared/contract';
import type { Orm } from '../../store/open';
import { printJobs } from '../../store/schema';
import { createJobRecords } from '../printing/jobRecords';

interface SaleRow extends Omit<StallSale, 'labelJob' | 'unit' | 'status'> {
  unit: string;
  status: string;
}

/**
 * A stall's portions sold in one market day, newest first, each with its newest label job (what
 * 重打 reprints through the print queue). A vendor sees their own stall only.
 */
export function createStallSales(orm: Orm) {
  const sqlite = orm.$client;
  const sales = sqlite.prepare(`
    select c.id as lotId, c.code_key as code, p.code_key as parentCode, v.name as varietyName, c.quantity, c.unit, c.status,
           s.buyer_name as buyerName, s.price_fen as priceFen, s.created_at as at, o.name as by
      from lots c join splits s on s.child_lot_id = c.id join lots p on p.id = s.parent_lot_id
      join varieties v on v.id = c.variety_id join operators o on o.id = s.created_by
     where c.stall_id = @stallId and c.parent_lot_id is not null and c.created_at >= @start and c.created_at < @end
     order by c.created_at desc, c.id desc`);
  const stallName = sqlite.prepare(`select name from subjects where id = ? and kind = 'stall'`).pluck();
  const jobs = createJobRecords(orm, () => undefined);

  /** Whose stall: a vendor's own; a manager names one. */
  function stallOf(by: Operator, asked: string | undefined): string {
    if (by.role === 'vendor') {
      if (!by.stallId) throw refused('forbidden', 'vendor without a stall', 'vendorWithoutStall');
      if (asked && asked !== by.stallId) throw refused('forbidden', 'another stall', 'otherStall');
      return by.stallId;
    }
    if (!asked) throw new ApiError('badRequest', 'which stall', undefined, [{ path: 'stallId', code: 'required' }]);
    return asked;
  }

  return function listStallSales(input: { stallId?: string }, by: Operator, bounds: { start: string; end: string }) {
    const stallId = stallOf(by, input.stallId);
    const name = stallName.get(stallId) as string | undefined;
    if (name === undefined) throw refused('notFound', 'not a stall', 'notAStall');
    const rows = sales.all({ stallId, ...bounds }) as SaleRow[];
    const newest = new Map<string, PrintJob>();
    if (rows.length) {
      const labelRows = orm
        .select()
        .from(printJobs)
        .where(
          inArray(
            printJobs.lotId,
            rows.map((r) => r.lotId),
          ),
        )
        .all()
        .filter((j) => j.purpose === 'labels')
        .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
      for (const j of labelRows) newest.set(j.lotId, jobs.toJob(j));
    }
    return {
      stall: { id: stallId, name },
      sales: rows.map((r) => ({ ...r, unit: r.unit as Unit, status: r.status as LotStatus, labelJob: newest.get(r.lotId) ?? null })),
    };
  };
}
