import type { PrinterPurpose, Unit } from '../../shared/contract';
import { groupedCode, type LabelContent } from '../../shared/domain/label';
import { formatQuantity } from '../../shared/domain/labelPayload';
import { labelUrlShortForm } from '../../shared/domain/labelUrl';
import type { Orm } from '../store/open';
import { printJobs } from '../store/schema';
import type { StationIdentity } from './stationIdentity';

const yuan = (fen: number) => `¥${(fen / 100).toFixed(2)}`;

/**
 * Kilograms as 市斤 (0.5 kg): exact, to the 3 decimals a kilogram weight has, shown with 2 where
 * the third is 0 — what a 斤 scale shows.
 */
export function jinText(kg: number): string {
  const thousandths = Math.round(kg * 2000);
  return `${(thousandths / 1000).toFixed(thousandths % 10 === 0 ? 2 : 3)} 斤`;
}

export interface LabelFactsInput {
  code: string;
  parentCode?: string;
  quantity: number;
  unit: Unit;
  /** Weighed in 斤: printed so; the signed QR keeps kilograms. */
  displayUnit?: 'jin';
  date: string;
  /** When the code was issued (local ISO time): receipts print it. */
  at: string;
  product: string;
  origin: string;
  /** The lot's stall (去向摊位), printed and signed when there is one. */
  stall?: string;
  buyer?: string;
  priceFen?: number;
}

/**
 * Every label and receipt the station issues — a split child's or a crate label at entry — is
 * made here: the printed lines and the QR, a URL from the station's template (`urlTemplate`) with
 * the code and its signature. 产地 and 检测 are not fixed here: the print queue reads them from the
 * lot's records when the label prints (printing/labelFacts.ts).
 */
export function makeLabel(identity: StationIdentity, issuer: string, f: LabelFactsInput, urlTemplate: string): LabelContent {
  const qr = identity.labelUrl(f.code, urlTemplate);
  return {
    code: f.code,
    ...(f.parentCode ? { parentCode: f.parentCode } : {}),
    product: f.product,
    quantity: f.displayUnit === 'jin' && f.unit === 'kg' ? jinText(f.quantity) : formatQuantity(f.quantity, f.unit),
    date: f.date,
    issuer,
    ...(f.stall ? { stall: f.stall } : {}),
    origin: f.origin,
    ...(f.buyer ? { buyer: f.buyer } : {}),
    ...(f.priceFen !== undefined ? { price: yuan(f.priceFen) } : {}),
    title: f.stall ? `${issuer} ${f.stall}` : issuer,
    time: f.at.slice(0, 16).replace('T', ' '),
    codeGrouped: groupedCode(f.code),
    lookup: labelUrlShortForm(urlTemplate),
    qr,
  };
}

/** The print job for a label, written in the caller's transaction next to the code's lot. */
export function queueLabel(tx: Pick<Orm, 'insert'>, job: { id: string; lotId: string; content: LabelContent; templateId: string; at: string; by: string; purpose?: PrinterPurpose }) {
  tx.insert(printJobs)
    .values({
      id: job.id,
      lotId: job.lotId,
      printerId: null,
      purpose: job.purpose ?? 'labels',
      templateId: job.templateId,
      content: JSON.stringify(job.content),
      status: 'queued',
      createdAt: job.at,
      createdBy: job.by,
    })
    .run();
}
