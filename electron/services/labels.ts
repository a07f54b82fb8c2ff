import type { Unit } from '../../shared/contract';
import type { LabelContent } from '../../shared/domain/label';
import { formatQuantity } from '../../shared/domain/labelPayload';
import type { Orm } from '../store/open';
import { printJobs } from '../store/schema';
import type { StationIdentity } from './stationIdentity';

type Tx = Parameters<Parameters<Orm['transaction']>[0]>[0];

const yuan = (fen: number) => `¥${(fen / 100).toFixed(2)}`;

export interface LabelFactsInput {
  code: string;
  parentCode?: string;
  quantity: number;
  unit: Unit;
  date: string;
  product: string;
  origin: string;
  /** The lot's stall (去向摊位), printed and signed when there is one. */
  stall?: string;
  buyer?: string;
  priceFen?: number;
}

/**
 * Every label the station issues — a split child's or a crate label at entry — is made here:
 * the signed QR and the printed lines come from the same facts.
 */
export function makeLabel(identity: StationIdentity, issuer: string, f: LabelFactsInput): LabelContent {
  const qr = identity.signLabel({ code: f.code, parentCode: f.parentCode, quantity: f.quantity, unit: f.unit, date: f.date, issuer, stall: f.stall });
  return {
    code: f.code,
    ...(f.parentCode ? { parentCode: f.parentCode } : {}),
    product: f.product,
    quantity: formatQuantity(f.quantity, f.unit),
    date: f.date,
    issuer,
    ...(f.stall ? { stall: f.stall } : {}),
    origin: f.origin,
    ...(f.buyer ? { buyer: f.buyer } : {}),
    ...(f.priceFen !== undefined ? { price: yuan(f.priceFen) } : {}),
    qr,
  };
}

/** The print job for a label, written in the caller's transaction next to the code's lot. */
export function queueLabel(tx: Tx, job: { id: string; lotId: string; content: LabelContent; templateId: string; at: string; by: string }) {
  tx.insert(printJobs)
    .values({ id: job.id, lotId: job.lotId, printerId: null, templateId: job.templateId, content: JSON.stringify(job.content), status: 'queued', createdAt: job.at, createdBy: job.by })
    .run();
}
