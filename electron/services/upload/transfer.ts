import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { refused } from '../../../shared/contract';
import { buildEpcisDocument, eventsFor } from '../../../shared/domain/upload/epcis';
import { restrictDir, restrictFile } from '../../store/filePermissions';
import { nodeSha256Hex } from './hash';
import { OUTBOX_KINDS, type OutboxKind, type OutboxRecord, type SplitPayload } from '../../../shared/domain/upload/records';

/** Header extension of an export file: who exported, and the records themselves (for import). */
export interface ExportHeader {
  format: 'yipin-yima-outbox/1';
  stationId: string | null;
  exportedAt: string;
  records: OutboxRecord[];
}
const EXPORT_KEY = 'yp:export';
/** First in the header of a file that names buyers' phones: whoever opens it is told. */
const NOTICE_KEY = 'yp:notice';
export const BUYER_PHONE_NOTICE = "含买方电话，注意保密 / Contains buyers' phone numbers: keep confidential";

const hasBuyerPhone = (r: OutboxRecord) => r.kind === 'split' && Boolean((r.payload as SplitPayload).sale?.buyer?.phone);

/** Exported records keep the station that made them, so the importer maps them to the same events. */
function withOrigin(r: OutboxRecord, stationId: string | null): OutboxRecord {
  const origin = (r.payload as { originStationId?: string }).originStationId;
  return origin || !stationId ? r : { ...r, payload: { ...r.payload, originStationId: stationId } };
}

export function createTransfer(sqlite: Database.Database, dataDir: string) {
  const pending = sqlite.prepare<[], { seq: number; id: string; kind: string; lotId: string | null; payload: string; at: string }>(
    `SELECT o.seq, o.id, o.kind, o.lot_id AS lotId, b.payload, o.created_at AS at FROM outbox o JOIN outbox_bodies b ON b.seq = o.seq WHERE o.state = 'pending' ORDER BY o.seq`,
  );
  const handOver = sqlite.prepare<[string]>(`UPDATE outbox SET state = 'exported' WHERE state = 'pending' AND seq IN (SELECT value FROM json_each(?))`);
  const insert = sqlite.prepare<[string, string, string | null, string]>(`INSERT OR IGNORE INTO outbox (id, kind, lot_id, created_at) VALUES (?, ?, ?, ?)`);
  // Imported records carry no serialised events: they are mapped at upload, with their own station.
  const insertBody = sqlite.prepare<[number | bigint, string]>(`INSERT INTO outbox_bodies (seq, payload) VALUES (?, ?)`);

  return {
    /** Writes every waiting record into one EPCIS document under `<dataDir>/exports/` (folder 0700, file 0600). */
    exportPending(input: { handOver: boolean; stationId: string | null; at: string; inlineMaxBytes?: number }) {
      const rows = pending.all();
      const records: OutboxRecord[] = rows.map((r) =>
        withOrigin({ id: r.id, kind: r.kind as OutboxKind, lotId: r.lotId, payload: JSON.parse(r.payload) as Record<string, unknown>, at: r.at }, input.stationId),
      );
      const header: ExportHeader = { format: 'yipin-yima-outbox/1', stationId: input.stationId, exportedAt: input.at, records };
      const buyerPhones = records.some(hasBuyerPhone);
      const doc = buildEpcisDocument(
        records,
        { stationId: input.stationId, creationDate: input.at, sha256Hex: nodeSha256Hex },
        { ...(buyerPhones ? { [NOTICE_KEY]: BUYER_PHONE_NOTICE } : {}), [EXPORT_KEY]: header },
      );
      const content = JSON.stringify(doc);
      const dir = join(dataDir, 'exports');
      restrictDir(dir);
      const fileName = `upload-${input.stationId ?? 'station'}-${input.at.replace(/[:.+]/g, '').slice(0, 15)}-${rows.length}.epcis.json`;
      const path = join(dir, fileName);
      writeFileSync(path, content, { mode: 0o600 });
      restrictFile(path);
      // Only once the file is on disk: a crash before this leaves them pending (a second export repeats them; import is idempotent).
      if (input.handOver) handOver.run(JSON.stringify(rows.map((r) => r.seq)));
      return { path, fileName, records: rows.length, buyerPhones, content: content.length <= (input.inlineMaxBytes ?? 5_000_000) ? content : null };
    },

    /**
     * Checks the file (an export of this program: each record's events must be exactly the events
     * in the document, hash ids included) and queues its records here. Records already known
     * (same id) are skipped, so importing a file twice adds nothing.
     */
    importFile(content: string) {
      let doc: { type?: unknown; epcisHeader?: Record<string, unknown>; epcisBody?: { eventList?: { eventID?: unknown }[] } };
      try {
        doc = JSON.parse(content) as typeof doc;
      } catch {
        throw refused('badRequest', 'not JSON', 'importNotJson');
      }
      const header = doc?.epcisHeader?.[EXPORT_KEY] as ExportHeader | undefined;
      if (doc?.type !== 'EPCISDocument' || !header || header.format !== 'yipin-yima-outbox/1' || !Array.isArray(header.records) || !Array.isArray(doc.epcisBody?.eventList)) {
        throw refused('badRequest', 'not an export of this program', 'importNotExport');
      }
      const expected = new Set<string>();
      for (const [i, r] of header.records.entries()) {
        const ok =
          r &&
          typeof r.id === 'string' &&
          r.id.length > 0 &&
          r.id.length <= 64 &&
          OUTBOX_KINDS.includes(r.kind) &&
          typeof r.at === 'string' &&
          (r.lotId === null || typeof r.lotId === 'string') &&
          r.payload &&
          typeof r.payload === 'object' &&
          !Array.isArray(r.payload);
        if (!ok) throw refused('badRequest', 'malformed record', 'importMalformed', { index: i });
        for (const e of eventsFor(r, { stationId: header.stationId, sha256Hex: nodeSha256Hex })) expected.add(e.eventID as string);
      }
      const present = new Set(doc.epcisBody!.eventList!.map((e) => e.eventID));
      const same = present.size === expected.size && [...expected].every((id) => present.has(id));
      if (!same) throw refused('badRequest', 'events do not match the records', 'importMismatch');
      let added = 0;
      sqlite.transaction(() => {
        for (const r of header.records) {
          const row = insert.run(r.id, r.kind, r.lotId, r.at);
          if (row.changes === 0) continue;
          insertBody.run(row.lastInsertRowid, JSON.stringify(r.payload));
          added++;
        }
      })();
      return { records: header.records.length, added, duplicates: header.records.length - added, fromStation: header.stationId };
    },
  };
}
