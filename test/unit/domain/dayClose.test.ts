import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalDayClose, dayCloseHash, outstandingRules, type DayCloseFields } from '../../../shared/domain/dayClose';
import { dayReportFixture } from '../../fixtures/ruleDayReport';

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
const FIELDS: DayCloseFields = {
  day: '2026-03-10',
  closedAt: '2026-03-10T18:10:00.000+08:00',
  closedById: '01JF0000000000000000000001',
  closedByName: '钱经理',
  outstanding: '["samplingRate"]',
  chainSeq: 41,
  chainHash: 'cd'.repeat(32),
  report: '{"a":1}',
};

describe('日结 hash', () => {
  it('is SHA-256 over a fixed-order JSON array of the stored columns, versioned', () => {
    expect(canonicalDayClose(FIELDS)).toBe(
      '["day-close/v1","2026-03-10","2026-03-10T18:10:00.000+08:00","01JF0000000000000000000001","钱经理","[\\"samplingRate\\"]",41,"' + 'cd'.repeat(32) + '","{\\"a\\":1}"]',
    );
    expect(dayCloseHash(sha256, FIELDS)).toBe(sha256(canonicalDayClose(FIELDS)));
  });

  it('changes with every column', () => {
    const base = dayCloseHash(sha256, FIELDS);
    const edits: Partial<DayCloseFields>[] = [
      { day: '2026-03-11' },
      { closedAt: '2026-03-10T18:11:00.000+08:00' },
      { closedById: '01JF0000000000000000000002' },
      { closedByName: '别人' },
      { outstanding: '[]' },
      { chainSeq: 42 },
      { chainHash: 'ce'.repeat(32) },
      { report: '{"a":2}' },
    ];
    for (const edit of edits) expect(dayCloseHash(sha256, { ...FIELDS, ...edit }), JSON.stringify(edit)).not.toBe(base);
  });
});

describe('outstanding at a close', () => {
  it('is the unmet rules, in the report’s order', () => {
    expect(outstandingRules(dayReportFixture('2026-03-10'))).toEqual([]);
    expect(outstandingRules(dayReportFixture('2026-03-10', { unmet: ['uploaded', 'noReportTested'] })).map((r) => r.rule)).toEqual(['noReportTested', 'uploaded']);
  });
});
