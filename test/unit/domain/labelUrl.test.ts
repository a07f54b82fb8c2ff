import { generateKeyPairSync, sign, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { qrMatrix } from '../../../drivers/printer/raster/codes';
import { qrModules } from '../../../drivers/printer/layout';
import { signedText, withSignature } from '../../../shared/domain/labelPayload';
import { DEFAULT_LABEL_URL_TEMPLATE, fillLabelUrl, labelUrlShortForm, labelUrlTemplateProblem, MAX_LABEL_URL_TEMPLATE, parseLabelQr, urlSignedText } from '../../../shared/domain/labelUrl';
import { formatOwnCode } from '../../../shared/domain/ownCode';

const code = formatOwnCode('3050102', 17);
const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const sig = (text: string) => sign(null, Buffer.from(text, 'utf8'), privateKey).toString('base64url');
const PROVINCIAL = 'https://trace.example.gov.cn/q?c={code}&s={sig}';
const RESOLVER = 'https://id.market.example.cn/lot/{code}/{sig}';

describe('the label URL', () => {
  it('fills the template with the code and an 86-character base64url Ed25519 signature of the code alone', () => {
    const s = sig(urlSignedText(code));
    expect(s).toMatch(/^[A-Za-z0-9_-]{86}$/);
    expect(urlSignedText(code)).toBe(`一品一码 YP2\n码 ${code}`);
    const url = fillLabelUrl(PROVINCIAL, code, s);
    expect(url).toBe(`https://trace.example.gov.cn/q?c=${code}&s=${s}`);
    const parsed = parseLabelQr(url, PROVINCIAL);
    expect(parsed).toEqual({ ok: true, format: 'url', code, stationId: '3050102', signed: urlSignedText(code), signature: s, url });
    if (!parsed.ok) throw new Error('unreachable');
    expect(verify(null, Buffer.from(parsed.signed, 'utf8'), publicKey, Buffer.from(parsed.signature, 'base64url'))).toBe(true);
  });

  it("reads another template's URL by the shape of its parts: another station's, or this one's before the page moved", () => {
    const s = sig(urlSignedText(code));
    for (const template of [RESOLVER, 'http://t.example.cn/x?s={sig}&lot={code}&from=label', DEFAULT_LABEL_URL_TEMPLATE]) {
      expect(parseLabelQr(fillLabelUrl(template, code, s), PROVINCIAL), template).toMatchObject({ ok: true, format: 'url', code, signature: s });
    }
  });

  it('tells a damaged URL from text that is no label URL', () => {
    const s = sig(urlSignedText(code));
    const url = fillLabelUrl(PROVINCIAL, code, s);
    const wrongDigit = code.slice(0, -1) + String((Number(code.at(-1)) + 1) % 10);
    expect(parseLabelQr(url.replace(code, wrongDigit), PROVINCIAL)).toEqual({ ok: false, problem: 'badCode' });
    // This station's template knows where the signature is: cut short, the URL is a bad label, not a code.
    expect(parseLabelQr(url.slice(0, -3), PROVINCIAL)).toEqual({ ok: false, problem: 'malformed' });
    expect(parseLabelQr(url.replace(`&s=${s}`, '&s='), PROVINCIAL)).toEqual({ ok: false, problem: 'malformed' });
    // Another template's URL without its code is a bad label; with two signatures, ambiguous.
    expect(parseLabelQr(fillLabelUrl(RESOLVER, '305010200', s), PROVINCIAL)).toEqual({ ok: false, problem: 'malformed' });
    expect(parseLabelQr(`${fillLabelUrl(RESOLVER, code, s)}?x=${s}`, PROVINCIAL)).toEqual({ ok: false, problem: 'malformed' });
    // A supplier's Digital Link or any other URL is not ours: it is looked up as a code.
    expect(parseLabelQr('https://id.gs1.org/01/06901234567892/10/3050102000000000017', PROVINCIAL)).toEqual({ ok: false, problem: 'notOurs' });
    expect(parseLabelQr('https://example.cn/x', PROVINCIAL)).toEqual({ ok: false, problem: 'notOurs' });
    expect(parseLabelQr(code, PROVINCIAL)).toEqual({ ok: false, problem: 'notOurs' });
  });

  it('still reads a YP1 text label, with all its facts', () => {
    const text = signedText({ code, quantity: 2.35, unit: 'kg', date: '2026-11-25', issuer: '鲤城市场 2号摊', stall: '5号摊' });
    const parsed = parseLabelQr(withSignature(text, sig(text)), PROVINCIAL);
    expect(parsed).toMatchObject({ ok: true, format: 'text', code, stationId: '3050102', signed: text, facts: { quantity: 2.35, unit: 'kg', stall: '5号摊' } });
    expect(parseLabelQr(withSignature(text, 'x').replace('量 2.350 公斤', '量 lots'), PROVINCIAL)).toEqual({ ok: false, problem: 'malformed' });
  });
});

describe('the URL template', () => {
  it('accepts the default, a provincial query page and a resolver path', () => {
    for (const t of [DEFAULT_LABEL_URL_TEMPLATE, PROVINCIAL, RESOLVER]) expect(labelUrlTemplateProblem(t), t).toBeNull();
  });

  it('refuses what could not make a readable, findable label URL', () => {
    expect(labelUrlTemplateProblem('https://溯源.cn/q?c={code}&s={sig}')).toBe('ascii');
    expect(labelUrlTemplateProblem('https://t.cn/q?c={code} &s={sig}')).toBe('ascii');
    expect(labelUrlTemplateProblem(`https://t.cn/${'x'.repeat(MAX_LABEL_URL_TEMPLATE)}/{code}/{sig}`)).toBe('length');
    expect(labelUrlTemplateProblem('https://t.cn/q?c={code}')).toBe('placeholders');
    expect(labelUrlTemplateProblem('https://t.cn/q?c={code}&s={sig}&t={sig}')).toBe('placeholders');
    expect(labelUrlTemplateProblem('ftp://t.cn/{code}/{sig}')).toBe('url');
    expect(labelUrlTemplateProblem('https://t.cn/{code}#{sig}')).toBe('url');
    expect(labelUrlTemplateProblem('https://t.cn/q?c=YP{code}&s={sig}')).toBe('component');
  });

  it('prints as its page without scheme, placeholders or query', () => {
    expect(labelUrlShortForm(PROVINCIAL)).toBe('trace.example.gov.cn/q');
    expect(labelUrlShortForm(RESOLVER)).toBe('id.market.example.cn/lot');
    expect(labelUrlShortForm(DEFAULT_LABEL_URL_TEMPLATE)).toBe('trace.example.com/q');
  });
});

describe('the QR it makes', () => {
  const s = sig(urlSignedText(code));
  // Raster (node-qrcode, mixed segments, ECC M) and native (byte mode) symbol sizes, in modules.
  const sizes = (template: string) => {
    const url = fillLabelUrl(template, code, s);
    return { chars: url.length, raster: qrMatrix(url).size, native: qrModules(Buffer.byteLength(url), 'M') };
  };

  it('is version 8 (49 modules) for a usual template, against 10–12 for the YP1 text: 171 dots with its quiet zone at 3 dots a module', () => {
    expect(sizes(DEFAULT_LABEL_URL_TEMPLATE)).toEqual({ chars: 138, raster: 49, native: 49 });
    expect(sizes(PROVINCIAL)).toEqual({ chars: 141, raster: 49, native: 49 });
    const yp1 = signedText({ code, parentCode: formatOwnCode('3050102', 9), quantity: 2.35, unit: 'kg', date: '2026-11-25', issuer: '鲤城农贸市场 收货台', stall: '5号摊 陈记蔬菜' });
    expect(qrMatrix(withSignature(yp1, s)).size).toBeGreaterThanOrEqual(57);
  });

  it('stays at most version 9 (53 modules) for the longest template allowed', () => {
    const longest = `https://${'t'.repeat(MAX_LABEL_URL_TEMPLATE - 'https://'.length - '/{code}/{sig}'.length)}/{code}/{sig}`;
    expect(longest).toHaveLength(MAX_LABEL_URL_TEMPLATE);
    const { raster, native } = sizes(longest);
    expect(Math.max(raster, native)).toBeLessThanOrEqual(53);
  });
});
