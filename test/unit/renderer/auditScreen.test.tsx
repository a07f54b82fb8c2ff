// @vitest-environment jsdom
import { act } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { ApiError, type AuditVerdict, type StationClient } from '../../../shared/contract';
import { AuditScreen } from '../../../renderer/src/screens/audit/AuditScreen';
import { renderScreen, renderingScreens } from '../../support/screen';

renderingScreens();

const HEAD = { seq: 42, hash: 'ab'.repeat(32) };
async function checked(answer: AuditVerdict | Error) {
  const call = vi.fn(async (method: string) => {
    if (method !== 'verifyAudit') throw new ApiError('forbidden', method);
    if (answer instanceof Error) throw answer;
    return answer;
  }) as unknown as StationClient['call'];
  const view = await renderScreen(<AuditScreen />, call);
  expect(view.querySelector('[data-testid=audit-result]')).toBeNull();
  await act(async () => view.querySelector<HTMLButtonElement>('[data-testid=audit-run]')!.click());
  expect(call).toHaveBeenCalledWith('verifyAudit', {});
  return view;
}
const text = (view: HTMLElement, id: string) => view.querySelector(`[data-testid=${id}]`)?.textContent ?? '';

describe('审计核验', () => {
  it('an intact chain: how many entries and lots, and the head', async () => {
    const view = await checked({ ok: true, entries: 42, head: HEAD, lotsChecked: 7 });
    expect(view.querySelector('[data-testid=audit-result]')!.getAttribute('data-ok')).toBe('true');
    expect(text(view, 'audit-result')).toContain('审计链完整');
    expect(text(view, 'audit-result')).toContain('共 42 条记录，7 个批次的状态与记录一致');
    expect(text(view, 'audit-result')).toContain(`链头：第 42 条 · ${HEAD.hash}`);
  });

  it('a deleted entry is named by its number, with the entry now in its place', async () => {
    const view = await checked({
      ok: false,
      entries: 9,
      head: HEAD,
      lotsChecked: 0,
      break: { kind: 'deleted', seq: 10, entry: undefined },
    });
    expect(text(view, 'audit-result')).toContain('审计链被改动');
    expect(text(view, 'audit-break')).toBe('第 10 条记录被删除（序号在此中断）');
  });

  it('a moved entry and the entry as it reads now', async () => {
    const view = await checked({
      ok: false,
      entries: 4,
      head: HEAD,
      lotsChecked: 0,
      break: { kind: 'reordered', seq: 5, movedFrom: 8, entry: { at: '2026-03-10T09:00:00.000+08:00', action: 'entry.admit', operatorName: '赵收货', subjectKind: 'lot', subjectId: 'L1' } },
    });
    expect(text(view, 'audit-break')).toBe('第 5 条记录被挪动：这里放的是原第 8 条');
    expect(text(view, 'audit-result')).toContain('该条记录：2026-03-10T09:00:00.000+08:00 · 赵收货 · entry.admit · lot L1');
  });

  it('a lot edited from 拒收 to 准入 in SQLite, in words', async () => {
    const view = await checked({
      ok: false,
      entries: 42,
      head: HEAD,
      lotsChecked: 7,
      break: { kind: 'lotStatus', seq: 17, lotId: 'L9', lotCode: '0106901234567892 10R1', recorded: 'rejected', found: 'admitted' },
    });
    expect(text(view, 'audit-break')).toBe('批次 0106901234567892 10R1 的状态在本站之外被改动：最后一条审计记录（第 17 条）为“已拒收”，现在为“已准入”');
  });

  it('a refused check says why', async () => {
    const view = await checked(new ApiError('forbidden', 'verifyAudit'));
    expect(view.querySelector('[role=alert]')!.textContent).not.toBe('');
    expect(view.querySelector('[data-testid=audit-result]')).toBeNull();
  });
});
