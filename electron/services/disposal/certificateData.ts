import type Database from 'better-sqlite3';
import type { DisposeInput, LotView } from '../../../shared/contract';
import { codeLabel } from '../../../shared/domain/codeLabel';
import { isoLocal } from '../../core/clock';
import type { DisposalCertificateData } from '../../documents/disposalCertificate';
import type { RunOutcome } from './shredderService';

const pad = (n: number, w: number) => String(n).padStart(w, '0');

/**
 * 证明编号: `XH` + station id (`0000000` until the admin sets it) + `-` + YYYYMMDD (local day) +
 * `-` + the day's sequence on this station, three digits (001…999, then it simply grows).
 */
export function certificatePrefix(stationId: string | null, day: Date): string {
  return `XH${stationId ?? '0000000'}-${day.getFullYear()}${pad(day.getMonth() + 1, 2)}${pad(day.getDate(), 2)}-`;
}

export function nextCertificateNumber(sqlite: Database.Database, prefix: string): string {
  const rows = sqlite.prepare('select certificate_number as n from disposals where certificate_number like ?').all(`${prefix}%`) as { n: string }[];
  const last = rows.reduce((max, r) => Math.max(max, Number(r.n.slice(prefix.length)) || 0), 0);
  return `${prefix}${pad(last + 1, 3)}`;
}

/** The failed test behind a 'testFailed' disposal: the lot's (or its root's) latest positive rapid test. */
export function failedTest(sqlite: Database.Database, lotId: string, rootLotId: string | null): DisposalCertificateData['test'] {
  const row = sqlite
    .prepare(
      `select coalesce(i.name_zh, t.item_id) as item, t.value, t.reading, t.unit, t.threshold, t.created_at, o.name as inspector
         from rapid_tests t join operators o on o.id = t.created_by left join test_items i on i.id = t.item_id
        where t.lot_id in (?, ?) and t.verdict = 'positive' order by t.created_at desc limit 1`,
    )
    .get(lotId, rootLotId ?? lotId) as { item: string; value: number | null; reading: string | null; unit: string | null; threshold: number | null; created_at: string; inspector: string } | undefined;
  if (!row) return undefined;
  return {
    item: row.item,
    value: row.value ?? (row.reading === 'positive' ? '阳性' : (row.reading ?? '')),
    ...(row.unit && { unit: row.unit }),
    ...(row.threshold !== null && { threshold: row.threshold }),
    inspector: row.inspector,
    testedAt: row.created_at,
  };
}

export interface CertificateFacts {
  number: string;
  marketName: string;
  station: { id: string | null; name: string | null };
  view: LotView;
  childCodes: string[];
  input: Pick<DisposeInput, 'reason' | 'reasonText' | 'method' | 'methodText'>;
  quantity: number;
  operator: { name: string; confirmedAt: string };
  witness: { name: string; confirmedAt: string };
  shredder: RunOutcome;
  test: DisposalCertificateData['test'];
  photos: { before?: Buffer; after?: Buffer };
  generatedAt: string;
}

export function certificateData(f: CertificateFacts): DisposalCertificateData {
  const { lot } = f.view;
  const { run, mode, flag } = f.shredder;
  return {
    certificateNumber: f.number,
    marketName: f.marketName,
    stationName: f.station.name ?? '',
    stationId: f.station.id ?? '',
    lot: {
      code: codeLabel(lot.codeKey),
      variety: f.view.variety.name,
      supplier: f.view.supplier.name,
      quantity: lot.quantity,
      unit: lot.unit,
      entryDate: f.view.entry.createdAt,
    },
    childCodes: f.childCodes,
    reason: { kind: f.input.reason, ...(f.input.reasonText && { text: f.input.reasonText }) },
    ...(f.test && { test: f.test }),
    method: { kind: f.input.method, ...(f.input.methodText && { text: f.input.methodText }) },
    quantityDestroyed: f.quantity,
    operator: f.operator,
    witness: f.witness,
    ...(mode && {
      shredder: {
        mode,
        ...(run && { startedAt: isoLocal(new Date(run.startedAt)), endedAt: isoLocal(new Date(run.endedAt)) }),
        noRunDetected: flag === 'noRunDetected',
      },
    }),
    photos: { ...(f.photos.before && { before: f.photos.before }), ...(f.photos.after && { after: f.photos.after }) },
    generatedAt: f.generatedAt,
  };
}
