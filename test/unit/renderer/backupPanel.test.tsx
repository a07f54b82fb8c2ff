// @vitest-environment jsdom
import { act } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { ApiError, type BackupStatus, type StationClient } from '../../../shared/contract';
import { BackupPanel } from '../../../renderer/src/screens/station/BackupPanel';
import { renderScreen, renderingScreens } from '../../support/screen';

renderingScreens();

const STATUS: BackupStatus = {
  settings: { folder: '/media/usb/备份', keep: 14, dailyAt: '12:00', everyHours: null },
  last: {
    at: '2026-12-04T12:00:00.000+08:00',
    trigger: 'scheduled',
    ok: true,
    file: '/media/usb/备份/yipin-station-3050188-20261204-120000.db',
    bytes: 52_400_000,
    ms: 6500,
    problem: null,
    reason: null,
    params: null,
  },
  lastSuccessAt: '2026-12-04T12:00:00.000+08:00',
  nextDueAt: '2026-12-05T12:00:00.000+08:00',
  running: null,
};
const FILE = {
  path: '/media/usb/备份/yipin-station-3050188-20261204-120000.db',
  fileName: 'yipin-station-3050188-20261204-120000.db',
  stationId: '3050188',
  takenAt: '2026-12-04T12:00:00',
  bytes: 52_400_000,
};

function station(calls: { method: string; input: unknown }[], answers: Record<string, (input: any) => unknown> = {}) {
  return vi.fn(async (method: string, input: unknown) => {
    calls.push({ method, input });
    if (answers[method]) return answers[method](input);
    if (method === 'getBackupStatus') return STATUS;
    if (method === 'listBackups') return [FILE];
    if (method === 'saveBackupSettings') return { ...STATUS, settings: input };
    if (method === 'inspectBackup') return { path: FILE.path, stationId: '3050188', stationName: '东街口', lastEntryAt: '2026-12-04T11:58:00.000+08:00', lots: 120, entries: 100, otherStation: false };
    if (method === 'restoreBackup') return { restoredFrom: FILE.path, keptIn: '/data/replaced' };
    throw new ApiError('forbidden', method);
  }) as unknown as StationClient['call'];
}

const ADMIN = { id: '01JZ0000000000000000000003', name: '站长', role: 'admin' };

function typeInto(view: HTMLElement, testId: string, value: string) {
  const input = view.querySelector<HTMLInputElement>(`[data-testid=${testId}]`)!;
  Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(input, value);
  input.dispatchEvent(new Event('input', { bubbles: true }));
}
const click = (view: HTMLElement, testId: string) => act(async () => view.querySelector<HTMLButtonElement>(`[data-testid=${testId}]`)!.click());
const text = (view: HTMLElement, testId: string) => view.querySelector(`[data-testid=${testId}]`)?.textContent ?? null;

async function panel(calls: { method: string; input: unknown }[], answers?: Record<string, (input: any) => unknown>) {
  sessionStorage.setItem('station.operator', JSON.stringify(ADMIN));
  return renderScreen(<BackupPanel />, station(calls, answers));
}

describe('本站 → 备份与恢复', () => {
  it('shows the last backup, the next one, the list, and says the files hold buyer data', async () => {
    const view = await panel([]);
    expect(text(view, 'backup-last')).toBe('2026-12-04 12:00 成功：/media/usb/备份/yipin-station-3050188-20261204-120000.db（52.4 MB，6.5 秒）');
    expect(text(view, 'backup-next')).toBe('下次定时备份：2026-12-05 12:00');
    expect(view.querySelectorAll('[data-testid=backup-row]')).toHaveLength(1);
    expect(view.textContent).toContain('含买家电话等个人信息');
    expect(view.querySelector<HTMLInputElement>('[data-testid=backup-folder]')!.value).toBe('/media/usb/备份');
  });

  it('saves the settings it checked, and refuses a bad time in Chinese without sending', async () => {
    const calls: { method: string; input: unknown }[] = [];
    const view = await panel(calls);
    await act(async () => typeInto(view, 'backup-daily-at', '25:00'));
    await click(view, 'backup-settings-save');
    expect(text(view, 'backup-settings-message')).toBe('时间格式应为 时:分，如 12:00');
    expect(calls.some((c) => c.method === 'saveBackupSettings')).toBe(false);
    await act(async () => typeInto(view, 'backup-daily-at', '7：30'));
    await act(async () => typeInto(view, 'backup-every-hours', '4'));
    await act(async () => typeInto(view, 'backup-keep', '7'));
    await click(view, 'backup-settings-save');
    expect(calls.at(-2)).toEqual({ method: 'saveBackupSettings', input: { folder: '/media/usb/备份', keep: 7, dailyAt: '07:30', everyHours: 4 } });
    expect(text(view, 'backup-settings-saved')).toBe('备份设置已保存');
  });

  it('立即备份 says why a backup failed (USB disk not plugged in)', async () => {
    const view = await panel([], { backupNow: () => Promise.reject(new ApiError('badRequest', 'x', { reason: 'backupFolderUnusable', detail: 'ENOENT' })) });
    await click(view, 'backup-now');
    expect(text(view, 'backup-now-message')).toBe('备份文件夹不能写入（ENOENT）：请检查 U 盘是否插好、路径是否正确');
  });

  it('restores only after showing what is lost and taking the PIN again', async () => {
    const calls: { method: string; input: unknown }[] = [];
    const view = await panel(calls);
    await click(view, 'backup-restore');
    expect(calls.at(-1)).toEqual({ method: 'inspectBackup', input: { path: FILE.path } });
    expect(text(view, 'backup-contents')).toBe('备份内容：站点 3050188（东街口），120 个批次，100 条入场记录');
    expect(text(view, 'backup-warning')).toContain('备份之后的所有入场记录、出码、分装、检测、销毁和设置都会从本站消失（最近一条入场记录：2026-12-04 11:58）');
    expect(view.querySelector<HTMLButtonElement>('[data-testid=backup-confirm-submit]')!.disabled).toBe(true);
    await act(async () => typeInto(view, 'backup-pin', '246813'));
    await click(view, 'backup-confirm-submit');
    expect(calls.at(-1)).toEqual({ method: 'restoreBackup', input: { path: FILE.path, pin: '246813', otherStation: false } });
    expect(text(view, 'backup-restored')).toContain('已从备份恢复，本站已重新打开：请重新登录');
  });

  it("asks to tick the box before restoring another station's backup", async () => {
    const calls: { method: string; input: unknown }[] = [];
    const view = await panel(calls, { inspectBackup: () => ({ path: '/x.db', stationId: '3050199', stationName: '另一站', lastEntryAt: null, lots: 1, entries: 1, otherStation: true }) });
    await act(async () => typeInto(view, 'backup-restore-path', '/x.db'));
    await click(view, 'backup-restore-path-check');
    await act(async () => typeInto(view, 'backup-pin', '246813'));
    expect(view.querySelector<HTMLButtonElement>('[data-testid=backup-confirm-submit]')!.disabled).toBe(true);
    await click(view, 'backup-other-station');
    await click(view, 'backup-confirm-submit');
    expect(calls.at(-1)).toEqual({ method: 'restoreBackup', input: { path: '/x.db', pin: '246813', otherStation: true } });
  });
});

describe('备份 for a manager (on 同步)', () => {
  it('shows the status, the list and 立即备份, but neither the settings nor restore', async () => {
    const calls: { method: string; input: unknown }[] = [];
    sessionStorage.setItem('station.operator', JSON.stringify({ ...ADMIN, role: 'manager' }));
    const view = await renderScreen(<BackupPanel />, station(calls));
    expect(view.querySelectorAll('[data-testid=backup-row]')).toHaveLength(1);
    for (const id of ['backup-settings', 'backup-restore', 'backup-restore-path']) expect(view.querySelector(`[data-testid=${id}]`), id).toBeNull();
    await click(view, 'backup-now');
    expect(calls.some((c) => c.method === 'backupNow')).toBe(true);
  });
});
