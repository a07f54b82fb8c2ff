import { describe, expect, it } from 'vitest';
import { RECEIPT_58 } from '../../../shared/domain/label';
import { escposLabel } from '../../../drivers/printer/escpos';
import { buildJob, decodeStatus, statusReplyLength, statusRequest, type PrinterLanguage } from '../../../drivers/printer/languages';
import { tsplLabel } from '../../../drivers/printer/tspl';
import { zplLabel } from '../../../drivers/printer/zpl';
import { CABBAGE, LABEL_WITH_PRICE } from './samples';

describe('printer languages', () => {
  it('builds each language with its own builder', () => {
    expect(buildJob('escpos', CABBAGE, RECEIPT_58, { mode: 'native' })).toEqual(escposLabel(CABBAGE, RECEIPT_58, { mode: 'native' }));
    expect(buildJob('tspl', CABBAGE, LABEL_WITH_PRICE, { mode: 'native' })).toEqual(tsplLabel(CABBAGE, LABEL_WITH_PRICE, { mode: 'native' }));
    expect(buildJob('zpl', CABBAGE, LABEL_WITH_PRICE, { mode: 'native', cjkFont: 'E:X.TTF' })).toEqual(
      zplLabel(CABBAGE, LABEL_WITH_PRICE, { mode: 'native', cjkFont: 'E:X.TTF' }),
    );
  });

  it('asks for status in ESC/POS and TSPL only', () => {
    expect(statusRequest('escpos')?.length).toBe(9);
    expect(statusReplyLength('escpos')).toBe(3);
    expect([...statusRequest('tspl')!]).toEqual([0x1b, 0x21, 0x3f]);
    expect(statusReplyLength('tspl')).toBe(1);
    expect(statusRequest('zpl')).toBeNull();
    expect(decodeStatus('zpl', Uint8Array.of(0))).toBeNull();
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
    expect(decodeStatus(language, Uint8Array.from(reply))).toEqual({ ready, problems });
  });
});
