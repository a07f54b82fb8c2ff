import { describe, expect, it } from 'vitest';
import { codeLabel } from '../../../shared/domain/codeLabel';
import { parseCode } from '../../../shared/domain/codes';

const key = (raw: string) => {
  const r = parseCode(raw);
  if (!r.ok) throw new Error(r.error.code);
  return r.code.key;
};

describe('code labels for people', () => {
  it('shows GS1 keys in bracketed form, whichever way the code was scanned', () => {
    expect(codeLabel(key(']C1010690123456789210A1\u001d21S9'))).toBe('(01)06901234567892(10)A1(21)S9');
    expect(codeLabel(key('https://id.example.cn/01/06901234567892/10/A1'))).toBe('(01)06901234567892(10)A1');
    expect(codeLabel(key('6901234567892'))).toBe('(01)06901234567892');
  });

  it('puts the AIs in numeric order and reads a key stored with the gs1: prefix', () => {
    expect(codeLabel(key(']C1010690123456789221S9\u001d10A1'))).toBe('(01)06901234567892(10)A1(21)S9');
    expect(codeLabel('gs1:010690123456789210A1')).toBe('(01)06901234567892(10)A1');
  });

  it('shows own codes, other keys and GS1-looking keys it cannot read as they are', () => {
    expect(codeLabel('3050102000000000017')).toBe('3050102000000000017');
    expect(codeLabel('gs1:01069012345678931')).toBe('gs1:01069012345678931');
    expect(codeLabel('0106901234567893')).toBe('0106901234567893');
  });

  it('shows opaque and weight codes verbatim, without their key prefix', () => {
    expect(codeLabel(key('FJ1234567890'))).toBe('FJ1234567890');
    expect(codeLabel('w:2123450012345')).toBe('2123450012345');
  });
});
