import { eq } from 'drizzle-orm';
import { ApiError, refused, type Disposal, type Operator, type ParsedInput } from '../../../shared/contract';
import { codeLabel } from '../../../shared/domain/codeLabel';
import { disposalRecord, type UnitCode } from '../../../shared/domain/upload/records';
import { isoLocal } from '../../core/clock';
import { disposalLots, disposals, lots, operators } from '../../store/schema';
import type { ServiceDeps } from '../deps';
import { recallLinks } from '../recall/links';
import { lotCode } from '../scanKey';
import { appendAudit } from '../audit/append';
import { enqueueUpload } from '../upload/outbox';
import { takeWeighed } from '../weighing';
import { certificateData, certificatePrefix, failedTest, nextCertificateNumber } from './certificateData';
import { runInfo, type ShredderService } from './shredderService';

/** Everyone but a vendor may witness: the witness is staff of the market, present in the room. */
const WITNESS_ROLES = new Set(['receiver', 'inspector', 'manager', 'admin']);

/** The scale's reading must match the quantity shown to the gram (weighing.ts). */
const SAME_WEIGHT_KG = 0.0005;

const JPEG = [0xff, 0xd8, 0xff];
const PNG = [0x89, 0x50, 0x4e, 0x47];

/** The photo's bytes in their own buffer (pdf-lib reads the whole ArrayBuffer; Node's pool would mislead it). */
function photoBytes(dataUrl: string | undefined, field: string): Buffer | undefined {
  if (!dataUrl) return undefined;
  const own = new Uint8Array(Buffer.from(dataUrl.slice(dataUrl.indexOf(',') + 1), 'base64'));
  const bytes = Buffer.from(own.buffer, 0, own.length);
  const starts = (magic: number[]) => magic.every((b, i) => bytes[i] === b);
  if (!starts(JPEG) && !starts(PNG)) throw new ApiError('badRequest', 'not a JPEG or PNG photo', undefined, [{ path: field, code: 'photo' }]);
  return bytes;
}

interface DisposalRow {
  id: string;
  certificate_number: string;
  lot_id: string;
  code_key: string;
  variety_name: string;
  quantity: number;
  unit: string;
  weighed: number;
  reason: string;
  reason_text: string | null;
  method: string;
  method_text: string | null;
  operator_name: string;
  witness_name: string;
  operator_confirmed_at: string;
  witness_confirmed_at: string;
  shredder_mode: string | null;
  run_started_at: number | null;
  run_ended_at: number | null;
  run_duration_ms: number | null;
  run_evidence: string | null;
  flag: string | null;
  has_before: number;
  has_after: number;
  created_at: string;
}

/**
 * 无害化处理: two people confirm, the shredder's run is matched, the certificate is rendered, and
 * the disposal, the destroyed lot (what the market holds of it), the holds it ends and its recall
 * progress are written in one transaction. Portions split from it are with their buyers: untouched.
 */
export function createDisposals(deps: ServiceDeps, shredder: ShredderService, options: { fontPath?: string } = {}) {
  const { orm, sqlite, clock, emit, views, lotTree, settings, operators: ops, identity, scales } = deps;
  const recalls = recallLinks(deps);

  const selectRows = sqlite.prepare(`
    select d.id, d.certificate_number, d.lot_id, l.code_key, v.name as variety_name, d.quantity, d.unit, d.weighed,
           d.reason, d.reason_text, d.method, d.method_text, op.name as operator_name, wi.name as witness_name,
           d.operator_confirmed_at, d.witness_confirmed_at, d.shredder_mode, d.run_started_at, d.run_ended_at,
           d.run_duration_ms, d.run_evidence, d.flag, d.photo_before is not null as has_before,
           d.photo_after is not null as has_after, d.created_at
      from disposals d join lots l on l.id = d.lot_id join varieties v on v.id = l.variety_id
      join operators op on op.id = d.operator_id join operators wi on wi.id = d.witness_id
     where (? is null or d.id = ?)
     order by d.created_at desc, d.id desc limit ?`);
  // Active holds on the lot or covering it with nothing left but destroyed lots (hold_lots: the
  // holdable lots of the tree when the hold was placed).
  const disposeSpentHolds = sqlite.prepare<[string, string]>(`
    update holds set status = 'disposed'
     where status = 'active' and (lot_id = ? or id in (select hold_id from hold_lots where lot_id = ?))
       and not exists (select 1 from hold_lots hl join lots l on l.id = hl.lot_id where hl.hold_id = holds.id and l.status <> 'destroyed')`);
  const blockedOf = sqlite.prepare(`
    select l.code_key from disposal_lots dl join lots l on l.id = dl.lot_id
     where dl.disposal_id = ? order by l.created_at, l.id`);

  function toDisposal(r: DisposalRow): Disposal {
    const mode = r.shredder_mode as 'serial' | 'modbus' | 'manual' | null;
    return {
      id: r.id,
      certificateNumber: r.certificate_number,
      lotId: r.lot_id,
      code: codeLabel(r.code_key),
      varietyName: r.variety_name,
      quantity: r.quantity,
      unit: r.unit as Disposal['unit'],
      weighed: !!r.weighed,
      reason: r.reason as Disposal['reason'],
      reasonText: r.reason_text,
      method: r.method as Disposal['method'],
      methodText: r.method_text,
      operatorName: r.operator_name,
      witnessName: r.witness_name,
      operatorConfirmedAt: r.operator_confirmed_at,
      witnessConfirmedAt: r.witness_confirmed_at,
      shredder:
        mode && r.run_started_at !== null
          ? { mode, startedAt: r.run_started_at, endedAt: r.run_ended_at!, durationMs: r.run_duration_ms!, evidence: JSON.parse(r.run_evidence ?? '{}') as Record<string, unknown> }
          : null,
      flag: r.flag as Disposal['flag'],
      blockedCodes: (blockedOf.all(r.id) as { code_key: string }[]).map((b) => codeLabel(b.code_key)),
      hasPhotos: { before: !!r.has_before, after: !!r.has_after },
      createdAt: r.created_at,
    };
  }

  const list = (limit: number, id: string | null = null) => (selectRows.all(id, id, limit) as DisposalRow[]).map(toDisposal);

  /** Who witnesses: another active member of staff, never the operator, never a vendor. */
  function witnessFor(witnessId: string, by: Operator) {
    if (witnessId === by.id) throw refused('badRequest', 'the witness must be another person', 'witnessSameAsOperator');
    const row = orm.select().from(operators).where(eq(operators.id, witnessId)).get();
    if (!row || !row.active || !WITNESS_ROLES.has(row.role)) throw refused('badRequest', 'this operator cannot witness', 'witnessNotAllowed');
    return row;
  }

  /** Wrong PINs here count against that person as at sign-in (pinGuard.ts): no second oracle. */
  async function confirm(operatorId: string, pin: string, reason: 'operatorPin' | 'witnessPin') {
    try {
      await ops.confirmPin(operatorId, pin, reason === 'witnessPin' ? 'witness' : 'confirm');
    } catch (e) {
      // Wrong, waiting or locked: the refusal names whose PIN it was.
      if (e instanceof ApiError && e.code === 'badPin') throw refused('badPin', 'wrong PIN', reason);
      if (e instanceof ApiError && (e.code === 'pinWait' || e.code === 'pinLocked')) throw new ApiError(e.code, e.message, { ...e.params, whose: reason });
      throw e;
    }
    return isoLocal(clock.now());
  }

  /** The weight: the reading spent at startShredding (the goods are gone now), else the scale's now. */
  function weight(input: ParsedInput<'disposeLot'>): { kg: number | null; giveBack?: () => void } {
    if (!input.scaleId) return { kg: null };
    const w = input.shreddingId ? shredder.window(input.shreddingId) : undefined;
    if (w?.weighed && w.weighed.scaleId === input.scaleId) {
      if (input.unit !== 'kg' || Math.abs(w.weighed.kg - input.quantity) > SAME_WEIGHT_KG) {
        throw refused('conflict', 'weight changed', 'weightChanged', { kg: w.weighed.kg });
      }
      return { kg: w.weighed.kg };
    }
    return { kg: input.quantity, giveBack: takeWeighed(scales, input.scaleId, input.quantity, input.unit) };
  }

  async function dispose(input: ParsedInput<'disposeLot'>, by: Operator): Promise<Disposal> {
    // Cheap refusals first: nothing is spent, nothing is written.
    const view = views.findByKey(lotCode(input.raw, settings).key);
    if (!view) throw refused('notFound', 'unknown lot', 'unknownLot');
    if (view.lot.status === 'destroyed') throw refused('conflict', 'already destroyed', 'alreadyDestroyed');
    if (view.lot.unit !== input.unit) throw refused('badRequest', 'unit differs from the lot', 'unitMismatch', { unit: view.lot.unit });
    const witness = witnessFor(input.witnessId, by);

    const { kg, giveBack } = weight(input);
    try {
      const operatorConfirmedAt = await confirm(by.id, input.operatorPin, 'operatorPin');
      const witnessConfirmedAt = await confirm(witness.id, input.witnessPin, 'witnessPin');

      // The portions split from it (any depth): printed on the certificate as sold, not destroyed.
      const portions = lotTree.of(view.lot.id).slice(1);
      const run = shredder.outcome(input.method, input.shreddingId);
      const now = clock.now();
      const at = isoLocal(now);
      const station = identity.info();
      const number = nextCertificateNumber(sqlite, certificatePrefix(station.stationId, now));
      const photos = { before: photoBytes(input.photoBefore, 'photoBefore'), after: photoBytes(input.photoAfter, 'photoAfter') };
      const quantity = kg ?? input.quantity;
      const data = certificateData({
        number,
        marketName: deps.subjects.list('market')[0]?.name ?? station.name ?? '',
        station: { id: station.stationId, name: station.name },
        view,
        childCodes: portions.map((l) => l.code),
        input,
        quantity,
        operator: { name: by.name, confirmedAt: operatorConfirmedAt },
        witness: { name: witness.name, confirmedAt: witnessConfirmedAt },
        shredder: run,
        test: input.reason === 'testFailed' ? failedTest(sqlite, view.lot.id, view.lot.rootLotId) : undefined,
        photos,
        generatedAt: at,
      });

      let pdf: Uint8Array;
      try {
        const { renderDisposalCertificate } = await import('../../documents/disposalCertificate');
        pdf = await renderDisposalCertificate(data, { fontPath: options.fontPath });
      } catch (e) {
        // Refused before anything is written: the disposal can be confirmed again once a font is installed.
        if ((e as { code?: unknown }).code === 'noCjkFont') throw refused('conflict', 'no Chinese font to print the certificate', 'noCjkFont');
        throw e;
      }

      const id = clock.id();
      const lotId = view.lot.id;
      const touchedRecalls = orm.transaction((tx) => {
        // Checked again inside the transaction: another screen may have destroyed it meanwhile.
        const current = tx.select({ status: lots.status }).from(lots).where(eq(lots.id, lotId)).get();
        if (!current || current.status === 'destroyed') throw refused('conflict', 'already destroyed', 'alreadyDestroyed');
        tx.insert(disposals)
          .values({
            id,
            certificateNumber: number,
            lotId,
            quantity,
            unit: input.unit,
            weighed: kg !== null,
            reason: input.reason,
            reasonText: input.reasonText ?? null,
            method: input.method,
            methodText: input.methodText ?? null,
            operatorId: by.id,
            witnessId: witness.id,
            operatorConfirmedAt,
            witnessConfirmedAt,
            shredderMode: run.mode,
            runStartedAt: run.run?.startedAt ?? null,
            runEndedAt: run.run?.endedAt ?? null,
            runDurationMs: run.run?.durationMs ?? null,
            runEvidence: run.run ? JSON.stringify(runInfo(run.run).evidence) : null,
            flag: run.flag,
            photoBefore: photos.before ?? null,
            photoAfter: photos.after ?? null,
            certificatePdf: Buffer.from(pdf),
            createdAt: at,
            createdBy: by.id,
          })
          .run();
        // What the market holds of the lot is destroyed, and only that: the portions split from it
        // are with their buyers and keep their state (held, recalled, sold; docs/disposal.md).
        tx.insert(disposalLots).values({ disposalId: id, lotId, priorStatus: current.status }).run();
        const { codeKey, gtin, batch, unit } = view.lot;
        // The upload record, in the disposal's transaction (docs/upload.md): the lot with the quantity
        // destroyed, as the certificate says.
        enqueueUpload(
          deps.orm,
          disposalRecord(
            {
              disposalId: id,
              certificateNumber: number,
              lots: [{ id: lotId, code: codeKey, gtin, batch, quantity, unit: unit as UnitCode }],
              reason: input.reason,
              method: input.method,
              witness: { id: witness.id, name: witness.name },
              by: { id: by.id, name: by.name },
            },
            at,
          ),
        );
        tx.update(lots).set({ status: 'destroyed', zone: 'none' }).where(eq(lots.id, lotId)).run();
        appendAudit(deps.orm, {
          at,
          by,
          action: 'disposal',
          subject: { kind: 'lot', id: lotId },
          before: { status: current.status },
          after: { status: 'destroyed', zone: 'none', disposalId: id, certificateNumber: number, witness: { id: witness.id, name: witness.name } },
        });
        // The destroyed lot leaves the holds covering it; a hold ends as disposed once nothing it
        // covers is left (its portions with buyers stay held under it until it is released).
        disposeSpentHolds.run(lotId, lotId);
        // A recalled lot destroyed: its open or retrieved recall rows say so (destroyed progress).
        return recalls.settleDestroyed([lotId], { at, by, disposalId: id, certificateNumber: number });
      });
      shredder.consume(input.shreddingId);
      emit('lotStatus', { changes: [{ lotId, status: 'destroyed' as const }], at });
      emit('alert', { codeKey: view.lot.codeKey, status: 'destroyed', at });
      recalls.announce(touchedRecalls);
      return list(1, id)[0]!;
    } catch (e) {
      giveBack?.();
      throw e;
    }
  }

  // One disposal at a time: the day's certificate sequence is read before the (async) rendering.
  let queue: Promise<unknown> = Promise.resolve();
  return {
    dispose(input: ParsedInput<'disposeLot'>, by: Operator): Promise<Disposal> {
      const next = queue.then(() => dispose(input, by));
      queue = next.catch(() => undefined);
      return next;
    },
    list: (limit: number) => list(limit),
    /** One PIN, as it is entered on the disposal screen; the same rules as dispose, nothing written. */
    async checkPin(input: ParsedInput<'checkDisposalPin'>, by: Operator): Promise<{ ok: true }> {
      if (input.who === 'operator') await confirm(by.id, input.pin, 'operatorPin');
      else await confirm(witnessFor(input.witnessId, by).id, input.pin, 'witnessPin');
      return { ok: true };
    },
    certificate(disposalId: string): { pdf: string; fileName: string } {
      const row = orm.select({ pdf: disposals.certificatePdf, number: disposals.certificateNumber }).from(disposals).where(eq(disposals.id, disposalId)).get();
      if (!row) throw refused('notFound', 'no such disposal', 'unknownDisposal');
      return { pdf: `data:application/pdf;base64,${Buffer.from(row.pdf).toString('base64')}`, fileName: `销毁证明-${row.number}.pdf` };
    },
  };
}
export type Disposals = ReturnType<typeof createDisposals>;
