import { createCanvas } from '@napi-rs/canvas';
import { readPdf } from '../fixtures/pdf';
import { admitCabbageLot, gs1Scan, USCC, type TestCore } from './core';

export const PINS = { inspector: '3579', manager: '864213', vendor: '1122', receiver: '9753' };

export interface Staff {
  inspector: { id: string; session: string };
  manager: { id: string; session: string };
  vendor: { id: string };
  receiver: { id: string };
}

/** An inspector (the operator), a manager (the witness), a vendor and a receiver, with sessions. */
export async function seedStaff(t: TestCore): Promise<Staff> {
  const make = (name: string, role: 'inspector' | 'manager' | 'vendor' | 'receiver') => t.call('createOperator', { name, role, pin: PINS[role] });
  const inspector = await make('林检测', 'inspector');
  const manager = await make('王经理', 'manager');
  const vendor = await make('张摊主', 'vendor');
  const receiver = await make('赵收货', 'receiver');
  const signIn = async (id: string, pin: string) => (await t.call('signIn', { operatorId: id, pin })).sessionId;
  return {
    inspector: { id: inspector.id, session: await signIn(inspector.id, PINS.inspector) },
    manager: { id: manager.id, session: await signIn(manager.id, PINS.manager) },
    vendor: { id: vendor.id },
    receiver: { id: receiver.id },
  };
}

export interface LotTreeFixture {
  parentRaw: string;
  /** Codes as splitLot returned them: two children, and a grandchild under the first. */
  children: string[];
  grandchild: string;
}

/** A 100 kg lot of 白菜, admitted, with two children and a grandchild (station id set first). */
export async function lotWithDescendants(t: TestCore, batch = 'D1'): Promise<LotTreeFixture> {
  const station = await t.call('getStation', {});
  if (!station.stationId) await t.call('setStationId', { stationId: '3050102', name: '鲤城农贸市场 销毁室' });
  const supplier = (await t.call('listSubjects', { kind: 'supplier' }))[0] ?? (await t.call('saveSubject', { kind: 'supplier', name: '南安合作社', uscc: USCC.a }));
  const parentRaw = gs1Scan('1', batch);
  await admitCabbageLot(t, batch, supplier.id);
  const a = await t.call('splitLot', { parentRaw, quantity: 20, unit: 'kg', buyer: { name: '刘记饭店' }, closing: false });
  const b = await t.call('splitLot', { parentRaw, quantity: 10, unit: 'kg', closing: false });
  const g = await t.call('splitLot', { parentRaw: a.code, quantity: 5, unit: 'kg', closing: false });
  return { parentRaw, children: [a.code, b.code], grandchild: g.code };
}

/** A webcam-like JPEG data URL (320×240, one colour), as the photo step sends. */
export function photoDataUrl(color: string): string {
  const canvas = createCanvas(320, 240);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = color;
  ctx.fillRect(0, 0, 320, 240);
  return `data:image/jpeg;base64,${canvas.encodeSync('jpeg', 80).toString('base64')}`;
}

/** The text pdf.js reads from a PDF data URL. */
export async function pdfText(dataUrl: string): Promise<string> {
  return (await readPdf(Buffer.from(dataUrl.slice(dataUrl.indexOf(',') + 1), 'base64'))).text;
}
