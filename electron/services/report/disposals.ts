import type { DayReport } from '../../../shared/contract';
import { addTo, noAmount } from './amount';
import type { Rows, Step } from './worker';

interface DisposalRow {
  disposalId: string;
  certificateNumber: string;
  lotId: string;
  code: string;
  method: 'shredding' | 'other';
  quantity: number;
  unit: string;
  hasRun: number;
  noCertificate: number;
  at: string;
}

export const disposalSteps: Step[] = [
  {
    // 无害化处理 of the range, found by id (no index on created_at; its row's blobs come before it).
    name: 'disposals',
    kind: 'all',
    sql: `select d.id as disposalId, d.certificate_number as certificateNumber, d.lot_id as lotId, l.code_key as code, d.method, d.quantity, d.unit,
                 d.run_started_at is not null as hasRun, (d.certificate_pdf is null or length(d.certificate_pdf) = 0) as noCertificate, d.created_at as at
            from disposals d join lots l on l.id = d.lot_id
           where d.id >= @idFrom and d.id < @idTo and d.created_at >= @fromAt and d.created_at < @toAt
           order by d.created_at, d.id`,
  },
];

export interface DisposalFigures {
  section: DayReport['disposals'];
  /** Lots of the disposals shredded without a detected run, and of those without a kept certificate. */
  evidenceMissing: string[];
  withoutCertificate: string[];
}

export function disposalSection(rows: Rows): DisposalFigures {
  const list = rows.disposals as unknown as DisposalRow[];
  const amount = noAmount();
  for (const d of list) addTo(amount, d.unit, 1, d.quantity);
  // Shredding proves itself by the shredder's run; another method is proved by what was recorded.
  const evidence = (d: DisposalRow) => d.method !== 'shredding' || d.hasRun === 1;
  return {
    section: {
      count: list.length,
      amount,
      byMethod: { shredding: list.filter((d) => d.method === 'shredding').length, other: list.filter((d) => d.method === 'other').length },
      evidenceMissing: list.filter((d) => !evidence(d)).length,
      list: list.map((d) => ({ disposalId: d.disposalId, certificateNumber: d.certificateNumber, lotId: d.lotId, code: d.code, method: d.method, evidence: evidence(d), at: d.at })),
    },
    evidenceMissing: list.filter((d) => !evidence(d)).map((d) => d.lotId),
    withoutCertificate: list.filter((d) => d.noCertificate === 1).map((d) => d.lotId),
  };
}
