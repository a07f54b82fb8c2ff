import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { ApiError, refused } from '../../../shared/contract';
import { buildEpcisDocument, eventsFor } from '../../../shared/domain/upload/epcis';
import { payloadProblem } from '../../../shared/domain/upload/payloadFields';
import { APP_VERSION } from '../../core/version';
import type { StationIdentity } from '../stationIdentity';
import { restrictDir, restrictFile } from '../../store/filePermissions';
import { nodeSha256Hex } from './hash';
import { marketGlnOf } from './outbox';
import { signatureOf, signedBytes, signedFileText } from './signedExport';
import { OUTBOX_KINDS, type OutboxKind, type OutboxRecord, type SplitPayload } from '../../../shared/domain/upload/records';

/**
 * The export format: 2 = signed with the station key, event ids the CBV 2.0 hash. Format 1
 * (unsigned, the former ids) cannot be verified and is refused in words.
 */
const FORMAT = 'yipin-yima-outbox/2';
const FORMAT_1 = 'yipin-yima-outbox/1';

/** Header extension of an export file: who exported, and the records themselves (for import). */
export interface ExportHeader {
  format: typeof FORMAT;
  stationId: string;
  exportedAt: string;
  /** The program version that wrote it: its events are that version's mapping. */
  program: string;
  /** The market GLN the events were mapped with (places as SGLNs); absent when none was entered. */
  marketGln?: string;
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

type Identity = Pick<StationIdentity, 'signRecord' | 'verifyStationSignature'>;

/** The export's signature, or a refusal that says why this station cannot sign. */
function signWith(identity: Identity, text: string): string {
  try {
    return identity.signRecord(text);
  } catch (e) {
    const reason = e instanceof ApiError ? e.params?.reason : undefined;
    if (reason === 'stationKeyMissing' || reason === 'stationKeyMismatch')
      throw refused('conflict', 'station key unusable: export not signed', 'exportNoKey', { file: String(e instanceof ApiError ? e.params?.file : '') });
    throw e;
  }
}

const recordOk = (r: OutboxRecord): boolean =>
  typeof r === 'object' &&
  r !== null &&
  typeof r.id === 'string' &&
  r.id.length > 0 &&
  r.id.length <= 64 &&
  OUTBOX_KINDS.includes(r.kind) &&
  typeof r.at === 'string' &&
  (r.lotId === null || typeof r.lotId === 'string');

export function createTransfer(sqlite: Database.Database, dataDir: string, identity: Identity) {
  const inState = sqlite.prepare<['pending' | 'exported'], { seq: number; id: string; kind: string; lotId: string | null; payload: string; at: string }>(
    `SELECT o.seq, o.id, o.kind, o.lot_id AS lotId, b.payload, o.created_at AS at FROM outbox o JOIN outbox_bodies b ON b.seq = o.seq WHERE o.state = ? ORDER BY o.seq`,
  );
  const handOver = sqlite.prepare<[string]>(`UPDATE outbox SET state = 'exported' WHERE state = 'pending' AND seq IN (SELECT value FROM json_each(?))`);
  const insert = sqlite.prepare<[string, string, string | null, string]>(`INSERT OR IGNORE INTO outbox (id, kind, lot_id, created_at) VALUES (?, ?, ?, ?)`);
  // Imported records carry no serialised events: they are mapped at upload, with their own station.
  const insertBody = sqlite.prepare<[number | bigint, string]>(`INSERT INTO outbox_bodies (seq, payload) VALUES (?, ?)`);

  return {
    /**
     * Writes every waiting record (or, `handedOver`, every one handed over before, again) into one
     * EPCIS document under `<dataDir>/exports/` (folder 0700, file 0600).
     */
    exportRecords(input: { records: 'waiting' | 'handedOver'; handOver: boolean; stationId: string | null; at: string; inlineMaxBytes?: number }) {
      // The file is signed with the station key, and an importer finds the key by the station id.
      const stationId = input.stationId;
      if (!stationId) throw refused('conflict', 'station id not set: export cannot be signed', 'exportNoStationId');
      const again = input.records === 'handedOver';
      const rows = inState.all(again ? 'exported' : 'pending');
      const records: OutboxRecord[] = rows.map((r) =>
        withOrigin({ id: r.id, kind: r.kind as OutboxKind, lotId: r.lotId, payload: JSON.parse(r.payload) as Record<string, unknown>, at: r.at }, stationId),
      );
      const marketGln = marketGlnOf(sqlite);
      const header: ExportHeader = { format: FORMAT, stationId, exportedAt: input.at, program: APP_VERSION, ...(marketGln ? { marketGln } : {}), records };
      const buyerPhones = records.some(hasBuyerPhone);
      const doc = buildEpcisDocument(
        records,
        { stationId, marketGln, creationDate: input.at, sha256Hex: nodeSha256Hex },
        { ...(buyerPhones ? { [NOTICE_KEY]: BUYER_PHONE_NOTICE } : {}), [EXPORT_KEY]: header },
      );
      const content = signedFileText(doc as unknown as Parameters<typeof signedFileText>[0], stationId, (text) => signWith(identity, text));
      const dir = join(dataDir, 'exports');
      restrictDir(dir);
      const fileName = `upload-${stationId}-${input.at.replace(/[:.+]/g, '').slice(0, 15)}-${rows.length}${again ? '-again' : ''}.epcis.json`;
      const path = join(dir, fileName);
      writeFileSync(path, content, { mode: 0o600 });
      restrictFile(path);
      // Only once the file is on disk: a crash before this leaves them pending (a second export repeats them; import is idempotent).
      if (input.handOver && !again) handOver.run(JSON.stringify(rows.map((r) => r.seq)));
      return { path, fileName, records: rows.length, buyerPhones, content: content.length <= (input.inlineMaxBytes ?? 5_000_000) ? content : null };
    },

    /**
     * Checks the file and queues its records here; a file that fails any check changes nothing.
     * In order: an export of this program in the current format, signed by a station whose key
     * this station holds (its own or one imported on 本站), the signature over exactly what the
     * file says, every record whole for its kind, and each record's events recomputed equal to
     * the document's events, hash ids included. Records already known (same id) are skipped, so
     * importing a file twice adds nothing.
     */
    importFile(content: string) {
      let doc: { type?: unknown; epcisHeader?: Record<string, unknown>; epcisBody?: { eventList?: { eventID?: unknown }[] } };
      try {
        doc = JSON.parse(content) as typeof doc;
      } catch {
        throw refused('badRequest', 'not JSON', 'importNotJson');
      }
      const header = doc?.epcisHeader?.[EXPORT_KEY] as (Omit<Partial<ExportHeader>, 'format'> & { format?: string }) | undefined;
      if (doc?.type !== 'EPCISDocument' || !header || typeof header !== 'object' || typeof header.format !== 'string' || !header.format.startsWith('yipin-yima-outbox/')) {
        throw refused('badRequest', 'not an export of this program', 'importNotExport');
      }
      if (header.format === FORMAT_1) throw refused('badRequest', 'export format 1: unsigned, former event ids', 'importOldFormat', { format: FORMAT_1 });
      if (header.format !== FORMAT)
        throw refused('badRequest', `export format ${header.format}`, 'importOtherVersion', { version: (typeof header.program === 'string' ? header.program : header.format).slice(0, 40) });
      const signed = doc as Parameters<typeof signatureOf>[0];
      const signature = signatureOf(signed);
      if (!signature) throw refused('badRequest', 'export not signed', 'importUnsigned');
      const verdict = identity.verifyStationSignature(signature.station, signedBytes(signed), signature.value);
      if (verdict === 'unknownStation') throw refused('badRequest', 'signed by a station not trusted here', 'importUnknownStation', { station: signature.station });
      // The records name their station too: it must be the one that signed.
      if (verdict === 'badSignature' || header.stationId !== signature.station) throw refused('badRequest', 'signature does not match', 'importBadSignature', { station: signature.station });
      const records = header.records;
      if (!Array.isArray(records) || !Array.isArray(doc.epcisBody?.eventList)) throw refused('badRequest', 'not an export of this program', 'importNotExport');
      const expected = new Set<string>();
      for (const [i, r] of records.entries()) {
        if (!recordOk(r)) throw refused('badRequest', 'malformed record', 'importMalformed', { index: i });
        const isObject = typeof r.payload === 'object' && r.payload !== null && !Array.isArray(r.payload);
        const missing = isObject ? payloadProblem(r.kind, r.payload) : '(payload)';
        if (missing) throw refused('badRequest', `record ${i} (${r.kind}): ${missing}`, 'importBadRecord', { index: i, recordKind: r.kind, field: missing });
        let events: ReturnType<typeof eventsFor>;
        try {
          events = eventsFor(r, { stationId: header.stationId, marketGln: typeof header.marketGln === 'string' ? header.marketGln : null, sha256Hex: nodeSha256Hex });
        } catch {
          throw refused('badRequest', `record ${i} cannot be mapped`, 'importMalformed', { index: i });
        }
        for (const e of events) expected.add(e.eventID as string);
      }
      const present = new Set(doc.epcisBody!.eventList!.map((e) => e.eventID));
      const same = present.size === expected.size && [...expected].every((id) => present.has(id));
      if (!same) {
        // Signed and whole, yet other ids: another program version maps records to other events.
        if (header.program !== APP_VERSION) throw refused('badRequest', `events of program ${String(header.program)}`, 'importOtherVersion', { version: String(header.program).slice(0, 40) });
        throw refused('badRequest', 'events do not match the records', 'importMismatch');
      }
      let added = 0;
      sqlite.transaction(() => {
        for (const r of records) {
          const row = insert.run(r.id, r.kind, r.lotId, r.at);
          if (row.changes === 0) continue;
          insertBody.run(row.lastInsertRowid, JSON.stringify(r.payload));
          added++;
        }
      })();
      return { records: records.length, added, duplicates: records.length - added, fromStation: header.stationId };
    },
  };
}
