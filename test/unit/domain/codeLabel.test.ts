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

  it('shows opaque and weight codes verbatim, without their key prefix', () => {
    expect(codeLabel(key('FJ1234567890'))).toBe('FJ1234567890');
    expect(codeLabel('w:2123450012345')).toBe('2123450012345');
  });
});
