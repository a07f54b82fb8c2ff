import { describe, expect, it } from 'vitest';
import { formatOwnCode } from '../../../shared/domain/ownCode';
import { formatQuantity, parsePayload, PAYLOAD_HEADER, signedText, withSignature } from '../../../shared/domain/labelPayload';

const code = formatOwnCode('3050102', 42);
const facts = { code, parentCode: '(01)06901234567892(10)A1', quantity: 2.35, unit: 'kg' as const, date: '2026-11-25', issuer: '鲤城市场\n2号摊' };

describe('label QR payload', () => {
  it('is readable lines with Chinese keys, signed over everything before the signature', () => {
    const text = signedText(facts);
    expect(text.split('\n')).toEqual([PAYLOAD_HEADER, `码 ${code}`, '父 (01)06901234567892(10)A1', '量 2.350 公斤', '日 2026-11-25', '发 鲤城市场 2号摊']);
    const parsed = parsePayload(withSignature(text, 'c2ln'));
    expect(parsed).toEqual({ ok: true, facts: { ...facts, issuer: '鲤城市场 2号摊' }, stationId: '3050102', signed: text, signature: 'c2ln' });
  });

  it('signs the selling stall on a line after the issuer, and reads payloads without one as before', () => {
    const before = signedText(facts);
    const text = signedText({ ...facts, stall: '5号摊\n陈记' });
    expect(text).toBe(`${before}\n摊 5号摊 陈记`);
    expect(parsePayload(withSignature(text, 'c2ln'))).toMatchObject({ ok: true, facts: { stall: '5号摊 陈记' }, signed: text });
    // A label printed before stalls: same signed text, no stall.
    const old = parsePayload(withSignature(before, 'c2ln'));
    expect(old).toMatchObject({ ok: true, signed: before });
    expect(old.ok && 'stall' in old.facts).toBe(false);
  });

  it('formats counts without decimals and kilograms to the gram', () => {
    expect(formatQuantity(3, 'piece')).toBe('3 件');
    expect(formatQuantity(0.1 + 0.2, 'kg')).toBe('0.300 公斤');
  });

  it('tells foreign, malformed and bad-code payloads apart', () => {
    const good = withSignature(signedText(facts), 'c2ln');
    expect(parsePayload('hello')).toEqual({ ok: false, problem: 'notOurs' });
    expect(parsePayload(good.replace(/\n签 .*$/, ''))).toEqual({ ok: false, problem: 'malformed' });
    expect(parsePayload(good.replace('量 2.350 公斤', '量 lots'))).toEqual({ ok: false, problem: 'malformed' });
    expect(parsePayload(good.replace(`码 ${code}`, `码 ${code.slice(0, -1)}${(Number(code.at(-1)) + 1) % 10}`))).toEqual({ ok: false, problem: 'badCode' });
    expect(parsePayload(good.replace('日 2026-11-25', '日 2026-11-25\n日 2026-11-26'))).toEqual({ ok: false, problem: 'malformed' });
  });
});
