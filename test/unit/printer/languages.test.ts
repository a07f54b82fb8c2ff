import { describe, expect, it } from 'vitest';
import { RECEIPT_58 } from '../../../shared/domain/label';
import { escposLabel } from '../../../drivers/printer/escpos';
import { buildJob, decodeStatus, statusExchange, type PrinterLanguage } from '../../../drivers/printer/languages';
import { tsplLabel } from '../../../drivers/printer/tspl';
import { zplLabel } from '../../../drivers/printer/zpl';
import { CABBAGE } from './samples';
import { LABEL_40x30 } from '../../../shared/domain/label';

describe('printer languages', () => {
  it('builds each language with its own builder', () => {
    expect(buildJob('escpos', CABBAGE, RECEIPT_58, { mode: 'native' })).toEqual(escposLabel(CABBAGE, RECEIPT_58, { mode: 'native' }));
    expect(buildJob('tspl', CABBAGE, LABEL_40x30, { mode: 'native' })).toEqual(tsplLabel(CABBAGE, LABEL_40x30, { mode: 'native' }));
    expect(buildJob('zpl', CABBAGE, LABEL_40x30, { mode: 'native', cjkFont: 'E:X.TTF' })).toEqual(zplLabel(CABBAGE, LABEL_40x30, { mode: 'native', cjkFont: 'E:X.TTF' }));
  });

  it('asks for status in each language: DLE EOT 1/2/4, ESC ! ?, ~HS', () => {
    expect([...statusExchange('escpos').request]).toEqual([0x10, 0x04, 1, 0x10, 0x04, 2, 0x10, 0x04, 4]);
    expect([...statusExchange('tspl').request]).toEqual([0x1b, 0x21, 0x3f]);
    expect(statusExchange('zpl').request.toString('latin1')).toBe('~HS');
  });

  it('reads the answer to the request after a job, past answers to requests that occur by chance inside it', () => {
    const job = Buffer.from([0x1d, 0x76, 0x30, 0, 0x10, 0x04, 0x02, 0xff, 0x1b, 0x21, 0x3f]);
    const escpos = statusExchange('escpos', job).read;
    expect(escpos(Buffer.from([0x12, 0x12, 0x12]))).toBeNull();
    expect([...escpos(Buffer.from([0x32, 0x12, 0x12, 0x1e]))!]).toEqual([0x12, 0x12, 0x1e]);
    const tspl = statusExchange('tspl', job).read;
    expect(tspl(Buffer.from([0x00]))).toBeNull();
    expect([...tspl(Buffer.from([0x00, 0x04]))!]).toEqual([0x04]);
  });

  it('waits for all three ~HS strings, arriving in any chunks', () => {
    const answer = '\x02030,1,0,0240,000,0,0,0,000,0,0,0\x03\r\n\x02001,0,0,0,1,2,6,0,00000000,1,000\x03\r\n\x021234,0\x03\r\n';
    const { read } = statusExchange('zpl');
    expect(read(Buffer.from(answer.slice(0, 60), 'latin1'))).toBeNull();
    const reply = read(Buffer.from(answer, 'latin1'))!;
    expect(decodeStatus('zpl', reply)).toEqual({ ready: false, problems: ['paperOut'], busy: false });
  });

  it('refuses a reply that is no status answer instead of reading it as fine', () => {
    expect(() => decodeStatus('zpl', Buffer.from('\x02hello\x03'))).toThrow(expect.objectContaining({ code: 'badReply' }));
    expect(() => decodeStatus('escpos', Uint8Array.of(0, 0, 0))).toThrow(expect.objectContaining({ code: 'badReply' }));
  });

  it.each<[PrinterLanguage, number[], boolean, string[]]>([
    ['escpos', [0x12, 0x12, 0x12], true, []],
    ['escpos', [0x1a, 0x12, 0x12], false, ['offline']],
    ['escpos', [0x12, 0x16, 0x12], false, ['coverOpen']],
    ['escpos', [0x12, 0x32, 0x72], false, ['paperOut']],
    ['escpos', [0x12, 0x12, 0x1e], true, ['paperNearEnd']],
    ['escpos', [0x12, 0x36, 0x7e], false, ['coverOpen', 'paperOut']],
    ['tspl', [0x00], true, []],
    ['tspl', [0x01], false, ['headOpen']],
    ['tspl', [0x02], false, ['jam']],
    ['tspl', [0x04], false, ['paperOut']],
    ['tspl', [0x08], false, ['ribbonOut']],
    ['tspl', [0x10], false, ['paused']],
    ['tspl', [0x20], true, []],
    ['tspl', [0x80], false, ['offline']],
    ['tspl', [0x1f], false, ['headOpen', 'jam', 'paperOut', 'ribbonOut', 'paused']],
  ])('%s %j → ready %s, %j', (language, reply, ready, problems) => {
    expect(decodeStatus(language, Uint8Array.from(reply))).toMatchObject({ ready, problems });
  });

  it('says a TSPL printer is still printing (ask again before calling the job printed)', () => {
    expect(decodeStatus('tspl', Uint8Array.of(0x20))).toEqual({ ready: true, problems: [], busy: true });
    expect(decodeStatus('escpos', Uint8Array.of(0x12, 0x12, 0x12)).busy).toBe(false);
  });

  /** ~HS strings 1 and 2 with the fields that matter set; string 3 says nothing about printing. */
  const hs = ({ paper = '0', pause = '0', formats = '000', under = '0', over = '0', head = '0', ribbon = '0', transfer = '1', remaining = '00000000' }) =>
    Buffer.from(`\x02030,${paper},${pause},0240,${formats},0,0,0,000,0,${under},${over}\x03\r\n\x02001,0,${head},${ribbon},${transfer},2,6,0,${remaining},1,000\x03\r\n\x021234,0\x03\r\n`, 'latin1');
  it.each<[string, Parameters<typeof hs>[0], boolean, string[]]>([
    ['all clear', {}, true, []],
    ['paper out', { paper: '1' }, false, ['paperOut']],
    ['paused', { pause: '1' }, false, ['paused']],
    ['head up', { head: '1' }, false, ['headOpen']],
    ['ribbon out', { ribbon: '1' }, false, ['ribbonOut']],
    ['ribbon flag on a direct-thermal printer (no ribbon)', { ribbon: '1', transfer: '0' }, true, []],
    ['over temperature', { over: '1' }, false, ['temperature']],
    ['under temperature', { under: '1' }, false, ['temperature']],
    ['head up with paper out', { paper: '1', head: '1' }, false, ['headOpen', 'paperOut']],
  ])('zpl ~HS %s', (_name, flags, ready, problems) => {
    expect(decodeStatus('zpl', hs(flags))).toEqual({ ready, problems, busy: false });
  });

  it('says a Zebra is still printing while formats wait in its buffer or labels remain in the batch', () => {
    expect(decodeStatus('zpl', hs({ formats: '001' }))).toEqual({ ready: true, problems: [], busy: true });
    expect(decodeStatus('zpl', hs({ remaining: '00000002' })).busy).toBe(true);
  });
});
