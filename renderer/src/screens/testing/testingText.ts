import type { TFunction } from 'i18next';
import { errorText } from '../../i18n';
import { ApiError, type TestItemInfo, type TestSelection } from '../../../../shared/contract';
import { testingZh } from '../../i18n/sections/testing';

const PROBLEMS = new Set(Object.keys(testingZh.problem));

/**
 * An error from a testing call in words: the rapid-test reading problems (`rapidTest.outOfRange`…)
 * from this screen's labels, refusals (lotDestroyed, unknownLot…) and errors otherwise as
 * errorText words them.
 */
export function testingErrorText(t: TFunction, error: unknown): string {
  const issue = error instanceof ApiError ? error.issues?.find((i) => i.code.startsWith('rapidTest.')) : undefined;
  const problem = issue?.code.slice('rapidTest.'.length);
  if (error instanceof ApiError && problem && PROBLEMS.has(problem)) {
    const params: Record<string, string | number> = { ...error.params };
    // The station names a category in both languages; the message shows the screen's.
    if (typeof params.categoryZh === 'string') params.category = localText({ zh: params.categoryZh, en: String(params.categoryEn ?? '') }, t('testing.textLanguage'));
    return t(`testing.problem.${problem}`, params);
  }
  return errorText(t, error);
}

/** Still to test: nothing yet, or only an invalid run. */
export const isPending = (s: Pick<TestSelection, 'verdict'>) => s.verdict === null || s.verdict === 'invalid';

/** The queue as the inspector works it: waiting lots first (oldest first), then today's results, newest first. */
export function queueOrder(queue: readonly TestSelection[]): TestSelection[] {
  const pending = queue.filter(isPending).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  const done = queue.filter((s) => !isPending(s)).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  return [...pending, ...done];
}

/** The items that apply to a lot's category; none when none does (the form then says who can fix it). */
export function itemsFor(items: readonly TestItemInfo[], categoryId: string): TestItemInfo[] {
  return items.filter((i) => i.categories.includes(categoryId));
}

/** An item's text in the screen's language; an admin may leave the English empty. */
export const localText = (text: { zh: string; en: string }, language: string): string => (language === 'en' && text.en ? text.en : text.zh);

export const percent = (x: number) => `${(Math.round(x * 1000) / 10).toString()}%`;

/**
 * The typed reading as a number, or null when it is not one. Accepts a decimal comma and a
 * trailing percent sign, as inspectors type them.
 */
export function parseReading(text: string): number | null {
  const cleaned = text.trim().replace(',', '.').replace(/%$/, '').trim();
  if (!/^-?\d+(\.\d+)?$/.test(cleaned)) return null;
  return Number(cleaned);
}

/** Where a held lot went: its buyer; a portion split off without one went to a walk-in buyer. */
export const buyerText = (t: TFunction, lot: { buyerName: string | null; depth: number }) => lot.buyerName ?? (lot.depth > 0 ? t('counter.anonymousBuyer') : t('testing.atMarket'));
