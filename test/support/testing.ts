import type { EventName, EventPayload, Input } from '../../shared/contract';
import { localDay } from '../../electron/core/clock';
import { gs1Scan, USCC, type TestCore } from './core';

/** The day deterministic tests trade on (a fixed date: the sampler's day key depends on it). */
export const FIXED_DAY = '2026-03-10';

/** FIXED_DAY at hh:mm, local time. */
export function fixedDayAt(hh: number, mm = 0): Date {
  return new Date(2026, 2, 10, hh, mm, 0, 0);
}

/** Today at hh:mm on this machine's clock: the station clock tests move to closing time and back. */
export function todayAt(hh: number, mm = 0): Date {
  const d = new Date();
  d.setHours(hh, mm, 0, 0);
  return d;
}

export const STAFF_PINS = { inspector: '3579', manager: '864213', receiver: '9753' };

export interface TestingStaff {
  inspector: string;
  manager: string;
  receiver: string;
}

/**
 * An inspector, a manager and a receiver, each signed in: their session ids. These tests move the
 * clock through the market day (10:00 → closing): sessions stay open up to 12 idle hours here.
 */
export async function seedTestingStaff(t: TestCore): Promise<TestingStaff> {
  await t.call('saveSettings', { ...(await t.call('getSettings', {})), signIn: { idleMinutes: 720 } });
  const session = async (name: string, role: keyof typeof STAFF_PINS) => {
    const op = await t.call('createOperator', { name, role, pin: STAFF_PINS[role] });
    return (await t.call('signIn', { operatorId: op.id, pin: STAFF_PINS[role] })).sessionId;
  };
  return { inspector: await session('林检测', 'inspector'), manager: await session('王经理', 'manager'), receiver: await session('赵收货', 'receiver') };
}

/** A supplier (made once per name). */
export async function supplierId(t: TestCore, name = '南安合作社', uscc: string | undefined = USCC.a): Promise<string> {
  const found = (await t.call('listSubjects', { kind: 'supplier' })).find((s) => s.name === name);
  return (found ?? (await t.call('saveSubject', { kind: 'supplier', name, ...(uscc && { uscc }) }))).id;
}

export async function varietyId(t: TestCore, name: string): Promise<string> {
  const v = (await t.call('listVarieties', {})).find((x) => x.name === name);
  if (!v) throw new Error(`no variety ${name}`);
  return v.id;
}

/**
 * A lot through checkEntry: farm produce with its commitment certificate and, when `report`, a
 * test report; pork with its quarantine and meat-quality certificates, poultry with its quarantine
 * certificate. The certificates are issued on `day` (default today): on a station whose clock is
 * not today, pass its day, or they are refused as not yet valid.
 */
export async function enter(t: TestCore, o: { batch: string; variety?: string; report: boolean; supplier?: string; quantity?: number; day?: string }) {
  const today = o.day ?? localDay(new Date());
  const variety = o.variety ?? '白菜';
  const cert = (type: Input<'checkEntry'>['certificates'][number]['type'], prefix: string) => ({ type, number: `${prefix}-${o.batch}`, issuer: '产地', issueDate: today });
  const base = ['猪肉', '牛肉', '羊肉'].includes(variety)
    ? [cert('quarantine', 'Q'), cert('meatQuality', 'M')]
    : ['鸡', '鸭'].includes(variety)
      ? [cert('quarantine', 'Q')]
      : [cert('commitment', 'C')];
  const raw = gs1Scan('1', o.batch);
  const result = await t.call('checkEntry', {
    raw,
    source: 'wedge',
    supplierId: o.supplier ?? (await supplierId(t)),
    varietyId: await varietyId(t, variety),
    quantity: o.quantity ?? 100,
    unit: 'kg',
    certificates: [...base, ...(o.report ? [cert('testReport', 'T')] : [])],
  });
  if (result.duplicate) throw new Error(`lot ${o.batch} entered twice`);
  return { raw, lotId: result.view.lot.id, codeKey: result.view.lot.codeKey, view: result.view, testSelection: result.testSelection };
}

/** Every event of one kind the core emits from now on (stop with the returned function). */
export function collectEvents<E extends EventName>(t: TestCore, event: E): { events: EventPayload<E>[]; stop(): void } {
  const events: EventPayload<E>[] = [];
  const stop = t.core.onEvent((name, payload) => {
    if (name === (event as string)) events.push(payload as unknown as EventPayload<E>);
  });
  return { events, stop };
}
