import type { DISPOSAL_METHODS, DISPOSAL_REASONS, Disposal, Input, LotView, Output } from '../../../../shared/contract';
import type { Weighing } from '../../components/scale/useLiveWeight';

export type Reason = (typeof DISPOSAL_REASONS)[number];
export type Method = (typeof DISPOSAL_METHODS)[number];
export type Person = Output<'listOperators'>[number];

export interface Lot {
  raw: string;
  view: LotView;
  /** Every descendant code, any depth (null while being read). */
  descendants: string[] | null;
}

/** What the form of the details step edits; the quantity as typed. */
export interface Details {
  quantity: string;
  reason: Reason;
  reasonText: string;
  method: Method;
  methodText: string;
}

/** startShredding's answer: the window the shredder's run is looked for in, and the weight it spent. */
export interface Shredding {
  id: string;
  startedAt: number;
  weighedKg: number | null;
  scaleId: string | null;
}

interface Detailed {
  lot: Lot;
  details: Details;
}
interface Started extends Detailed {
  photoBefore: string | null;
  shredding: Shredding;
}
interface Photographed extends Started {
  photoAfter: string | null;
}
interface Signed extends Photographed {
  operatorPin: string;
}

/**
 * 销毁 as steps, each carrying what the steps before it gathered: scan → quantity, reason, method →
 * photo → shredding (only for 粉碎) → photo → operator PIN → witness and PIN → 确认销毁 → the result.
 */
export type Step =
  | { kind: 'scan' }
  | ({ kind: 'details' } & Detailed)
  | ({ kind: 'photoBefore'; photoBefore: string | null } & Detailed)
  | ({ kind: 'shredding' } & Started)
  | ({ kind: 'photoAfter' } & Photographed)
  | ({ kind: 'operator' } & Signed)
  | ({ kind: 'witness'; witness: Person | null; witnessPin: string } & Signed)
  | ({ kind: 'confirm'; witness: Person; witnessPin: string } & Signed)
  | { kind: 'result'; result: Disposal };

export type StepKind = Step['kind'];

export type Action =
  | { type: 'restart' }
  | { type: 'lotRead'; raw: string; view: LotView }
  | { type: 'treeRead'; raw: string; descendants: string[] }
  | { type: 'detailsChanged'; patch: Partial<Details> }
  | { type: 'detailsDone'; quantity: number }
  | { type: 'photoTaken'; photo: string | null }
  | { type: 'shreddingStarted'; shredding: Shredding }
  /** 粉碎完成, or 使用照片 / 跳过 after the shredding. */
  | { type: 'next' }
  | { type: 'pinTyped'; pin: string }
  | { type: 'pinAccepted' }
  | { type: 'pinRefused' }
  | { type: 'witnessPicked'; witness: Person }
  | { type: 'back' }
  | { type: 'disposed'; result: Disposal }
  | { type: 'disposeRefused'; reason: unknown };

export const START: Step = { kind: 'scan' };

export const DEFAULT_DETAILS: Omit<Details, 'quantity'> = { reason: 'testFailed', reasonText: '', method: 'shredding', methodText: '' };

/** A scan is taken while waiting for one and while the details are open (a rescan replaces the lot). */
export const takesScan = (step: Step) => step.kind === 'scan' || step.kind === 'details';

/** The steps shown along the top: 粉碎 only when shredding is the method. */
export function stepsShown(step: Step): StepKind[] {
  const method = step.kind === 'scan' ? 'shredding' : step.kind === 'result' ? step.result.method : step.details.method;
  return ['scan', 'details', 'photoBefore', ...(method === 'shredding' ? (['shredding'] as const) : []), 'photoAfter', 'operator', 'witness', 'confirm'];
}

/** The lot being destroyed, on every step that has one. */
export const lotOf = (step: Step): Lot | null => (step.kind === 'scan' || step.kind === 'result' ? null : step.lot);

const WITNESS_REFUSALS = new Set(['witnessPin', 'witnessNotAllowed', 'witnessSameAsOperator']);

export function disposalReducer(step: Step, action: Action): Step {
  switch (action.type) {
    case 'restart':
      return START;
    case 'lotRead': {
      if (!takesScan(step)) return step;
      // A destroyed lot is refused on the scan step; nothing of it stays.
      if (action.view.lot.status === 'destroyed') return START;
      const { view } = action;
      // A recalled lot is destroyed because of its recall (a rescan keeps what was chosen).
      const kept = step.kind === 'details' ? step.details : { ...DEFAULT_DETAILS, ...(view.lot.status === 'recalled' && { reason: 'recalled' as const }) };
      const quantity = String(view.remaining > 0 ? view.remaining : view.lot.quantity);
      return { kind: 'details', lot: { raw: action.raw, view, descendants: null }, details: { ...kept, quantity } };
    }
    case 'treeRead':
      if (step.kind !== 'details' || step.lot.raw !== action.raw) return step;
      return { ...step, lot: { ...step.lot, descendants: action.descendants } };
    case 'detailsChanged':
      return step.kind === 'details' ? { ...step, details: { ...step.details, ...action.patch } } : step;
    case 'detailsDone':
      if (step.kind !== 'details') return step;
      return { kind: 'photoBefore', lot: step.lot, details: { ...step.details, quantity: String(action.quantity) }, photoBefore: null };
    case 'photoTaken':
      if (step.kind === 'photoBefore') return { ...step, photoBefore: action.photo };
      if (step.kind === 'photoAfter') return { ...step, photoAfter: action.photo };
      return step;
    case 'shreddingStarted': {
      if (step.kind !== 'photoBefore') return step;
      const started = { ...step, shredding: action.shredding };
      // Another method has no shredder to watch: straight on to the photo after.
      return step.details.method === 'shredding' ? { ...started, kind: 'shredding' } : { ...started, kind: 'photoAfter', photoAfter: null };
    }
    case 'next':
      if (step.kind === 'shredding') return { ...step, kind: 'photoAfter', photoAfter: null };
      if (step.kind === 'photoAfter') return { ...step, kind: 'operator', operatorPin: '' };
      return step;
    case 'pinTyped':
      if (step.kind === 'operator') return { ...step, operatorPin: action.pin };
      if (step.kind === 'witness') return { ...step, witnessPin: action.pin };
      return step;
    case 'pinAccepted':
      if (step.kind === 'operator') return { ...step, kind: 'witness', witness: null, witnessPin: '' };
      if (step.kind === 'witness' && step.witness) return { ...step, kind: 'confirm', witness: step.witness };
      return step;
    case 'pinRefused':
      // A wrong PIN is cleared at once, before anyone else types.
      if (step.kind === 'operator') return { ...step, operatorPin: '' };
      if (step.kind === 'witness') return { ...step, witnessPin: '' };
      return step;
    case 'witnessPicked':
      return step.kind === 'witness' ? { ...step, witness: action.witness, witnessPin: '' } : step;
    case 'back':
      if (step.kind === 'operator') {
        const { operatorPin: _pin, ...rest } = step;
        return { ...rest, kind: 'photoAfter' };
      }
      if (step.kind === 'witness') return { ...step, witness: null, witnessPin: '' };
      return step;
    case 'disposed':
      return step.kind === 'confirm' ? { kind: 'result', result: action.result } : step;
    case 'disposeRefused': {
      if (step.kind !== 'confirm') return step;
      // A wrong PIN goes back to that person's pad; the rest of the work is kept.
      if (action.reason === 'operatorPin') {
        const { witness: _w, witnessPin: _p, ...rest } = step;
        return { ...rest, kind: 'operator', operatorPin: '' };
      }
      if (typeof action.reason === 'string' && WITNESS_REFUSALS.has(action.reason)) return { ...step, kind: 'witness', witness: null, witnessPin: '' };
      return step;
    }
  }
}

export type DetailsCheck = { ok: true; quantity: number } | { ok: false; problem: 'notWeighed' | 'quantity' | 'methodText' };

/** The details step may go on with a stable weight (or a typed quantity when not weighing) and a named other method. */
export function checkDetails(details: Details, scale: Pick<Weighing, 'following' | 'weighed'>): DetailsCheck {
  if (scale.following && !scale.weighed) return { ok: false, problem: 'notWeighed' };
  const quantity = scale.weighed ? scale.weighed.kg : Number(details.quantity);
  if (!(quantity > 0)) return { ok: false, problem: 'quantity' };
  if (details.method === 'other' && !details.methodText.trim()) return { ok: false, problem: 'methodText' };
  return { ok: true, quantity };
}

type Confirming = Extract<Step, { kind: 'confirm' }>;

/** The quantity recorded: the weight startShredding spent, else the one confirmed in the details. */
export const disposedQuantity = (step: Signed) => step.shredding.weighedKg ?? Number(step.details.quantity);

/** 确认销毁's call, from everything the steps gathered. */
export function disposeInput(step: Confirming): Input<'disposeLot'> {
  const { lot, details, shredding } = step;
  return {
    raw: lot.raw,
    quantity: disposedQuantity(step),
    unit: lot.view.lot.unit,
    ...(shredding.scaleId && { scaleId: shredding.scaleId }),
    reason: details.reason,
    ...(details.reasonText.trim() && { reasonText: details.reasonText.trim() }),
    method: details.method,
    ...(details.methodText.trim() && { methodText: details.methodText.trim() }),
    operatorPin: step.operatorPin,
    witnessId: step.witness.id,
    witnessPin: step.witnessPin,
    shreddingId: shredding.id,
    ...(step.photoBefore && { photoBefore: step.photoBefore }),
    ...(step.photoAfter && { photoAfter: step.photoAfter }),
  };
}
