/**
 * Which tabs fit in one row: as many as the width allows, in order, with the current tab always
 * among them (it takes the last visible place when it would overflow). The rest go to 更多.
 */
export function fitTabs(widths: number[], available: number, moreWidth: number, gap: number, current: number): { shown: number[]; overflow: number[] } {
  const all = widths.map((_, i) => i);
  const total = widths.reduce((sum, w) => sum + w, 0) + gap * Math.max(0, widths.length - 1);
  if (total <= available) return { shown: all, overflow: [] };
  const room = available - moreWidth - gap;
  const shown: number[] = [];
  let used = 0;
  for (const i of all) {
    const next = used + (shown.length ? gap : 0) + widths[i]!;
    if (next > room) break;
    shown.push(i);
    used = next;
  }
  if (current >= 0 && !shown.includes(current)) {
    // Drop from the end until the current tab fits in.
    while (shown.length && used + gap + widths[current]! > room) {
      const dropped = shown.pop()!;
      used -= widths[dropped]! + (shown.length ? gap : 0);
    }
    shown.push(current);
    shown.sort((a, b) => a - b);
  }
  return { shown, overflow: all.filter((i) => !shown.includes(i)) };
}
