import { describe, expect, it } from 'vitest';
import { certificateNumberFrom, emptyDelivery, entryInput, newCertificate } from '../../../renderer/src/screens/receiving/delivery';

const SUPPLIER = '01JZ0000000000000000000001';
const VARIETY = '01JZ0000000000000000000002';

describe('entryInput', () => {
  it('names everything missing and builds nothing', () => {
    const draft = { ...emptyDelivery(), certificates: [newCertificate({ number: 'A1' })] };
    expect(entryInput(draft, 'code', 'wedge')).toEqual({
      missing: [{ field: 'supplier' }, { field: 'variety' }, { field: 'quantity' }, { field: 'certIssuer', row: 1 }],
    });
  });

  it('refuses a quantity that is not a positive number', () => {
    for (const quantity of ['0', '-3', 'abc', ' ']) {
      expect(entryInput({ ...emptyDelivery(), supplierId: SUPPLIER, varietyId: VARIETY, quantity }, 'c', 'wedge')).toEqual({ missing: [{ field: 'quantity' }] });
    }
  });

  it('builds the checkEntry input, counting a unit-less certificate quantity in the delivery unit', () => {
    const certificate = newCertificate({ type: 'quarantine', number: ' Q-1 ', issuer: '某县动物卫生监督所', issueDate: '2026-11-20', quantity: '12', raw: 'QR' });
    const built = entryInput({ supplierId: SUPPLIER, varietyId: VARIETY, quantity: '12,5', unit: 'head', certificates: [certificate] }, ']C1x', 'camera');
    expect(built).toEqual({
      input: {
        raw: ']C1x',
        source: 'camera',
        supplierId: SUPPLIER,
        varietyId: VARIETY,
        quantity: 12.5,
        unit: 'head',
        certificates: [{ type: 'quarantine', number: 'Q-1', issuer: '某县动物卫生监督所', issueDate: '2026-11-20', quantity: 12, unit: 'head', raw: 'QR' }],
      },
    });
  });
});

describe('certificateNumberFrom', () => {
  it.each([
    ['https://hgz.example.cn/verify?no=HG2026000123&t=1', 'HG2026000123'],
    ['https://hgz.example.cn/cert/HG77/', 'HG77'],
    ['合格证编号：HG-55 产品：白菜', 'HG-55'],
    ['FJ1234567890', 'FJ1234567890'],
  ])('reads %s as %s', (raw, number) => {
    expect(certificateNumberFrom(raw)).toBe(number);
  });

  it('keeps within the 64 characters a certificate number may have', () => {
    expect(certificateNumberFrom('x'.repeat(300))).toHaveLength(64);
  });
});
