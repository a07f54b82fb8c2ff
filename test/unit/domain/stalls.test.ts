import { describe, expect, it } from 'vitest';
import { stallRefusal } from '../../../shared/domain/stalls';

const A = '01JSTALLAAAAAAAAAAAAAAAAAA';
const B = '01JSTALLBBBBBBBBBBBBBBBBBB';

describe('who may sell a lot on (stalls)', () => {
  it('lets a vendor sell only lots sent to their own stall', () => {
    expect(stallRefusal({ role: 'vendor', stallId: A }, A, false)).toBeNull();
    expect(stallRefusal({ role: 'vendor', stallId: A }, B, false)).toBe('otherStall');
    expect(stallRefusal({ role: 'vendor', stallId: A }, null, false)).toBe('lotWithoutStall');
    expect(stallRefusal({ role: 'vendor', stallId: null }, A, false)).toBe('vendorWithoutStall');
  });

  it('lets anyone sell anything market-wide, and market staff always', () => {
    expect(stallRefusal({ role: 'vendor', stallId: A }, B, true)).toBeNull();
    expect(stallRefusal({ role: 'vendor', stallId: null }, null, true)).toBeNull();
    for (const role of ['receiver', 'manager', 'admin'] as const) expect(stallRefusal({ role, stallId: null }, B, false)).toBeNull();
  });
});
