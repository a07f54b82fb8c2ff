// @vitest-environment jsdom
import { act } from 'react';
import { describe, expect, it } from 'vitest';
import type { Hold, HeldLot } from '../../../shared/contract';
import { ScanStep } from '../../../renderer/src/screens/disposal/steps/ScanStep';
import { renderScreen, renderingScreens } from '../../support/screen';

renderingScreens();

const lot = (code: string, depth: number, status: string): HeldLot => ({
  lotId: `01JZ00000000000000000000${depth}${code.length % 10}`,
  code,
  parentCode: null,
  quantity: 10,
  unit: 'kg',
  status,
  buyerName: null,
  depth,
});
const hold = (id: string, lots: HeldLot[]): Hold => ({
  id,
  lotId: lots[0]!.lotId,
  code: lots[0]!.code,
  reason: 'testPositive',
  note: '农残超标',
  testId: null,
  status: 'active',
  createdAt: '2026-12-05T08:00:00.000+08:00',
  createdByName: '林检测',
  releasedAt: null,
  releaseReason: null,
  lots,
});

describe('disposal: picking a held lot', () => {
  it('offers the lot each hold still holds — the portion once its parent was destroyed — and no hold with nothing held left', async () => {
    const scanned: string[] = [];
    const holds = [
      hold('01JZ0000000000000000000H01', [lot('3050102000000000017', 0, 'held'), lot('3050102000000000025', 1, 'held')]),
      hold('01JZ0000000000000000000H02', [lot('3050102000000000033', 0, 'destroyed'), lot('3050102000000000041', 1, 'held')]),
      hold('01JZ0000000000000000000H03', [lot('3050102000000000058', 0, 'destroyed')]),
    ];
    const page = await renderScreen(<ScanStep holds={holds} onScan={(raw) => scanned.push(raw)} />, () => new Promise(() => {}));
    const buttons = [...page.querySelectorAll<HTMLButtonElement>('[data-testid=disposal-hold]')];
    expect(buttons.map((b) => b.dataset.code)).toEqual(['3050102000000000017', '3050102000000000041']);
    act(() => buttons[1]!.click());
    expect(scanned).toEqual(['3050102000000000041']);
  });
});
