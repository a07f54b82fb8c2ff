import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventPayload } from '../../shared/contract';
import { localDay } from '../../electron/core/clock';
import { createPrivateKey } from 'node:crypto';
import { openKeyFileStore } from '../../electron/secrets/secretStore';
import { signedText, withSignature } from '../../shared/domain/labelPayload';
import { fillLabelUrl, urlSignedText } from '../../shared/domain/labelUrl';
import { gs1CheckDigit } from '../../shared/domain/gs1Check';
import { formatOwnCode } from '../../shared/domain/ownCode';
import { apiError, gs1Scan, sourceCodedLot, startTestCore, type TestCore } from '../support/core';
import { lotWithDescendants, PINS, seedStaff, type LotTreeFixture, type Staff } from '../support/disposal';

let t: TestCore;
let staff: Staff;
let tree: LotTreeFixture;
/** Every `alert` event the core raised, in order. */
let alerts: EventPayload<'alert'>[];
const today = localDay(new Date());

/** The QR text printed on a lot's label (its first print job). */
const labelOf = (code: string) =>
  (JSON.parse(t.rows('select p.content from print_jobs p join lots l on l.id = p.lot_id where l.code_key = ? and p.reprint_of is null', code)[0]!.content) as { qr: string }).qr;
const check = (raw: string) => t.call('verifyLabel', { raw });

/** A YP1 text label as printed before labels were URLs, signed with `privateKey`. */
function textLabel(privateKey: KeyObject, code: string, issuer = '邻街市场 5号摊') {
  const text = signedText({ code, quantity: 1.5, unit: 'kg', date: today, issuer });
  return withSignature(text, sign(null, Buffer.from(text, 'utf8'), privateKey).toString('base64url'));
}
/** A neighbouring station's label URL, on its own query page, signed with its own key. */
const neighbourUrl = (privateKey: KeyObject, code: string) =>
  fillLabelUrl('https://qr.linjie.example.cn/t/{code}/{sig}', code, sign(null, Buffer.from(urlSignedText(code), 'utf8'), privateKey).toString('base64url'));
/** This station's own signing key, from its key file (a test reaching in to print an old-format label). */
const ownKey = () => createPrivateKey(openKeyFileStore(t.dir).get('stationPrivateKey')!);

beforeEach(async () => {
  t = await startTestCore();
  staff = await seedStaff(t);
  tree = await lotWithDescendants(t);
  alerts = [];
  t.core.onEvent((event, payload) => {
    if (event === 'alert') alerts.push(payload as EventPayload<'alert'>);
  });
});
afterEach(async () => {
  await t.core.close();
  t.close();
});

describe('验码 answers with the lot’s current state', () => {
  it('shows a genuine label of a lot destroyed since as destroyed, with the red alert, the signature one fact of it', async () => {
    // A portion brought back and destroyed by its own code.
    const [child] = tree.children;
    const label = labelOf(child!);
    expect(await check(label)).toMatchObject({ source: 'label', valid: true, problem: null, code: child, stateKnown: true, view: { lot: { status: 'admitted' }, alert: false } });
    expect(alerts).toEqual([]);

    await t.call(
      'disposeLot',
      { raw: child!, quantity: 15, unit: 'kg', reason: 'testFailed', method: 'shredding', operatorPin: PINS.inspector, witnessId: staff.manager.id, witnessPin: PINS.manager },
      staff.inspector.session,
    );
    alerts = [];
    const after = await check(label);
    expect(after).toMatchObject({ source: 'label', valid: true, problem: null, code: child, stationName: '鲤城农贸市场 销毁室', stateKnown: true });
    expect(after.view).toMatchObject({ lot: { codeKey: child, status: 'destroyed', zone: 'none' }, alert: true });
    expect(alerts).toEqual([{ codeKey: child, status: 'destroyed', at: expect.any(String) }]);
  });

  it('shows a held lot’s label held, and a forged copy of it both held and badly signed', async () => {
    const grandchildLabel = labelOf(tree.grandchild);
    await t.call('placeHold', { raw: tree.parentRaw, note: '快检阳性' }, staff.manager.session);
    alerts = [];
    const sig = new URL(grandchildLabel).searchParams.get('s')!;
    const forged = grandchildLabel.replace(
      sig,
      sig.replace(/^./, (c) => (c === 'x' ? 'y' : 'x')),
    );
    expect(forged).not.toBe(grandchildLabel);
    expect(await check(forged)).toMatchObject({ source: 'label', valid: false, problem: 'badSignature', stateKnown: true, view: { lot: { status: 'held' }, alert: true } });
    expect(alerts.map((a) => [a.codeKey, a.status])).toEqual([[tree.grandchild, 'held']]);
  });

  it('shows a crate label of a lot awaiting its routine test as 待检, without an alarm', async () => {
    const crate = await sourceCodedLot(t);
    alerts = [];
    expect(await check(labelOf(crate.view.lot.codeKey))).toMatchObject({ valid: true, stateKnown: true, view: { lot: { status: 'awaitingTest', zone: 'awaitingTest' }, alert: false } });
    expect(alerts).toEqual([]);
  });
});

describe('a damaged label URL, and labels printed before URLs', () => {
  it('names what is wrong with an altered URL, in the label’s words, and raises nothing', async () => {
    const [child] = tree.children;
    const label = labelOf(child!);
    const wrongDigit = child!.slice(0, -1) + String((Number(child!.at(-1)) + 1) % 10);
    expect(await check(label.replace(child!, wrongDigit))).toMatchObject({ source: 'label', valid: false, problem: 'badCode', code: null, stateKnown: false });
    expect(await check(label.slice(0, -4))).toMatchObject({ source: 'label', valid: false, problem: 'malformed', stateKnown: false });
    expect(alerts).toEqual([]);
  });

  it('still checks this station’s YP1 text labels, with their facts, and the lot’s state now', async () => {
    const [child] = tree.children;
    const old = textLabel(ownKey(), child!, '鲤城农贸市场 销毁室');
    expect(await check(old)).toMatchObject({ source: 'label', valid: true, problem: null, code: child, quantity: 1.5, unit: 'kg', url: null, stateKnown: true, view: { lot: { status: 'admitted' } } });
    expect(await check(old.replace('量 1.500 公斤', '量 9.500 公斤'))).toMatchObject({ valid: false, problem: 'badSignature', stateKnown: true });
  });
});

describe('another station’s label', () => {
  const neighbour = { stationId: '3050201', name: '邻街市场 5号摊', keys: generateKeyPairSync('ed25519') };
  const importNeighbour = () =>
    t.call('importStationKey', { stationId: neighbour.stationId, name: neighbour.name, publicKey: neighbour.keys.publicKey.export({ type: 'spki', format: 'pem' }).toString() });

  it('checks the signature of a lot this station never saw, URL on its own page or YP1 text, and says its state is unknown here', async () => {
    const code = formatOwnCode(neighbour.stationId, 7);
    const url = neighbourUrl(neighbour.keys.privateKey, code);
    const text = textLabel(neighbour.keys.privateKey, code);
    for (const label of [url, text]) expect(await check(label)).toMatchObject({ source: 'label', valid: false, problem: 'unknownStation', code, stateKnown: false, view: null });
    await importNeighbour();
    expect(await check(url)).toMatchObject({ source: 'label', valid: true, problem: null, code, url, stationName: neighbour.name, stateKnown: false, view: null });
    expect(await check(text)).toMatchObject({ source: 'label', valid: true, problem: null, code, quantity: 1.5, stationName: neighbour.name, stateKnown: false, view: null });
    // The neighbour's signature under this station's code is no label of either.
    expect(await check(url.replace(code, tree.children[0]!))).toMatchObject({ valid: false, problem: 'badSignature', stateKnown: true });
    expect(alerts).toEqual([]);
  });

  it('knows the state of a neighbour’s lot that was received here, whether or not its key was imported', async () => {
    const code = formatOwnCode(neighbour.stationId, 8);
    const supplier = (await t.call('listSubjects', { kind: 'supplier' }))[0]!;
    const cabbage = (await t.call('listVarieties', {})).find((v) => v.name === '白菜')!;
    const certificates = [
      { type: 'commitment' as const, number: 'C-N8', issuer: '邻街市场', issueDate: today },
      { type: 'testReport' as const, number: 'T-N8', issuer: '检测站', issueDate: today },
    ];
    await t.call('checkEntry', { raw: code, source: 'wedge', supplierId: supplier.id, varietyId: cabbage.id, quantity: 1.5, unit: 'kg', certificates });
    expect(await check(neighbourUrl(neighbour.keys.privateKey, code))).toMatchObject({ problem: 'unknownStation', stateKnown: true, view: { lot: { codeKey: code, status: 'admitted' } } });
  });
});

describe('a plain code at 验码', () => {
  it('looks the code up instead of refusing it: a station code, a GS1 string', async () => {
    await t.call('placeHold', { raw: tree.parentRaw, note: '快检阳性' }, staff.manager.session);
    alerts = [];
    const [child] = tree.children;
    expect(await check(child!)).toMatchObject({ source: 'code', valid: false, problem: null, code: child, quantity: null, stateKnown: true, view: { lot: { status: 'held' }, alert: true } });
    const parent = await check(tree.parentRaw);
    expect(parent).toMatchObject({ source: 'code', stateKnown: true, view: { lot: { status: 'held' } } });
    expect(parent.code).toMatch(/^\(01\)\d{14}\(10\)D1$/);
    expect(alerts.map((a) => a.status)).toEqual(['held', 'held']);
  });

  it('says an unknown code has no record here, and refuses what is no lot code with the desk’s reason', async () => {
    expect(await check(gs1Scan('9', 'NOPE'))).toMatchObject({ source: 'code', stateKnown: false, view: null, code: expect.stringContaining('(10)NOPE') });
    expect(await check('https://example.cn/x')).toMatchObject({ source: 'code', stateKnown: false, view: null, code: 'https://example.cn/x' });
    const weightCode = `200012301234${gs1CheckDigit('200012301234')}`;
    expect(await apiError(check(weightCode))).toMatchObject({ code: 'notALotCode', params: { reason: 'weightCode' } });
    expect(await apiError(check('6901234567890'))).toMatchObject({ code: 'badScan', params: { reason: 'badCheckDigit' } });
    expect(alerts).toEqual([]);
  });
});
