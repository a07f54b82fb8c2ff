import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { auditHash, canonicalAudit, changedFields, GENESIS_HASH, settingChange, walkChain, type AuditRow } from '../../../shared/domain/auditChain';

const sha = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** A chain of `n` well-formed entries. */
function chain(n: number): AuditRow[] {
  const rows: AuditRow[] = [];
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const fields = {
      seq,
      at: `2026-03-10T09:00:0${seq % 10}.000+08:00`,
      operatorId: 'op1',
      operatorName: '赵收货',
      action: 'entry.admit',
      subjectKind: 'lot',
      subjectId: `L${seq}`,
      before: null,
      after: `{"status":"admitted"}`,
      prevHash: prev,
    };
    prev = auditHash(sha, fields);
    rows.push({ ...fields, hash: prev });
  }
  return rows;
}
const head = (rows: AuditRow[]) => ({ seq: rows.at(-1)!.seq, hash: rows.at(-1)!.hash });

describe('the hash rule', () => {
  it('is SHA-256 of a fixed-order JSON array; null and "" differ, and every field counts', () => {
    const e = { seq: 1, at: 'a', operatorId: null, operatorName: null, action: 'x', subjectKind: 'lot', subjectId: 'L', before: null, after: '{"status":"rejected"}', prevHash: GENESIS_HASH };
    expect(canonicalAudit(e)).toBe(`[1,"a",null,null,"x","lot","L",null,"{\\"status\\":\\"rejected\\"}","${GENESIS_HASH}"]`);
    expect(auditHash(sha, e)).toBe(sha(canonicalAudit(e)));
    expect(auditHash(sha, { ...e, operatorId: '' })).not.toBe(auditHash(sha, e));
    for (const k of Object.keys(e) as (keyof typeof e)[]) {
      const changed = { ...e, [k]: typeof e[k] === 'number' ? 2 : 'other' };
      expect(auditHash(sha, changed), k).not.toBe(auditHash(sha, e));
    }
  });
});

describe('walkChain', () => {
  it('an intact chain: its head and count', () => {
    const rows = chain(6);
    expect(walkChain(rows, sha, 6, head(rows))).toEqual({ ok: true, head: head(rows), count: 6 });
    expect(walkChain([], sha, 0, null)).toEqual({ ok: true, head: { seq: 0, hash: GENESIS_HASH }, count: 0 });
  });

  it('edited, deleted, reordered, truncated and a bad head, each at its first bad entry', () => {
    const rows = chain(6);
    const h = head(rows);
    const edited = rows.map((r) => (r.seq === 3 ? { ...r, after: '{"status":"rejected"}' } : r));
    expect(walkChain(edited, sha, 6, h)).toMatchObject({ ok: false, break: { kind: 'edited', seq: 3 }, count: 2 });
    expect(
      walkChain(
        rows.filter((r) => r.seq !== 4),
        sha,
        6,
        h,
      ),
    ).toMatchObject({ ok: false, break: { kind: 'deleted', seq: 4 }, count: 3 });
    expect(walkChain(rows.slice(1), sha, 6, h)).toMatchObject({ ok: false, break: { kind: 'deleted', seq: 1 } });
    const swapped = rows.map((r) => (r.seq === 2 ? { ...rows[4]!, seq: 2 } : r.seq === 5 ? { ...rows[1]!, seq: 5 } : r));
    expect(walkChain(swapped, sha, 6, h)).toMatchObject({ ok: false, break: { kind: 'reordered', seq: 2, movedFrom: 5 } });
    expect(walkChain(rows.slice(0, 4), sha, 4, h)).toMatchObject({ ok: false, break: { kind: 'truncated', seq: 5 }, count: 4 });
    expect(walkChain(rows, sha, 6, { seq: 6, hash: 'f'.repeat(64) })).toMatchObject({ ok: false, break: { kind: 'headMismatch', seq: 6 } });
    expect(walkChain(rows, sha, 6, { seq: 5, hash: rows[4]!.hash })).toMatchObject({ ok: false, break: { kind: 'headMismatch', seq: 6 } });
    expect(walkChain(rows, sha, 6, null)).toMatchObject({ ok: false, break: { kind: 'headMismatch', seq: 1 } });
  });

  it('an entry re-hashed after an edit still breaks the link of the next one', () => {
    const rows = chain(4);
    const forged = { ...rows[1]!, operatorName: '他人' };
    forged.hash = auditHash(sha, forged);
    const tampered = rows.map((r) => (r.seq === 2 ? forged : r));
    expect(walkChain(tampered, sha, 4, head(rows))).toMatchObject({ ok: false, break: { kind: 'edited', seq: 3 } });
  });
});

describe('what an entry records', () => {
  it('changedFields: only the fields that differ; a new record all of them', () => {
    expect(changedFields({ name: 'a', uscc: 'U', blocked: false }, { name: 'b', uscc: 'U', blocked: false }, ['name', 'uscc', 'blocked'])).toEqual({ before: { name: 'a' }, after: { name: 'b' } });
    expect(changedFields(null, { name: 'b', uscc: undefined }, ['name', 'uscc'])).toEqual({ before: null, after: { name: 'b', uscc: null } });
  });

  it('settingChange: changed fields of an object setting, secrets only as "changed"', () => {
    const before = JSON.stringify({ target: 'none', token: 'old-secret', batchSize: 50 });
    const after = JSON.stringify({ target: 'epcis', token: 'new-secret', batchSize: 50 });
    expect(settingChange(before, after)).toEqual({ before: { target: 'none', token: 'changed' }, after: { target: 'epcis', token: 'changed' } });
    expect(settingChange(undefined, '"label-40x30"')).toEqual({ before: null, after: { value: 'label-40x30' } });
    expect(settingChange(JSON.stringify({ token: '' }), JSON.stringify({ token: 'x' }))).toEqual({ before: { token: '' }, after: { token: 'changed' } });
  });
});
