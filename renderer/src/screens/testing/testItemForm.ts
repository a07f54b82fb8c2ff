import { TestItemInput, type Input, type TestItemInfo } from '../../../../shared/contract';

/** The fields of the admin's item form that can carry a problem. */
export const TEST_ITEM_FIELDS = ['nameZh', 'nameEn', 'methodZh', 'methodEn', 'standard', 'unit', 'min', 'max', 'positiveAtOrAbove', 'categoryIds', 'labVarietyKeys'] as const;
export type TestItemField = (typeof TEST_ITEM_FIELDS)[number];
/** Field → problem code (i18n `testing.items.problem.<code>`). */
export type TestItemProblems = Partial<Record<TestItemField, string>>;

/** What the form edits: the numbers and the variety keys as typed, parsed on save. */
export interface TestItemDraft {
  id?: string;
  nameZh: string;
  nameEn: string;
  methodZh: string;
  methodEn: string;
  standard: string;
  kind: TestItemInfo['kind'];
  unit: string;
  min: string;
  max: string;
  threshold: string;
  categoryIds: string[];
  labAllPositives: boolean;
  varietyKeys: string;
}

export const emptyItemDraft = (): TestItemDraft => ({
  nameZh: '',
  nameEn: '',
  methodZh: '',
  methodEn: '',
  standard: '',
  kind: 'qualitative',
  unit: '',
  min: '',
  max: '',
  threshold: '',
  categoryIds: [],
  labAllPositives: false,
  varietyKeys: '',
});

const numberText = (n: number | null) => (n === null ? '' : String(n));

export const toItemDraft = (i: TestItemInfo): TestItemDraft => ({
  id: i.id,
  nameZh: i.name.zh,
  nameEn: i.name.en,
  methodZh: i.method.zh,
  methodEn: i.method.en,
  standard: i.standard ?? '',
  kind: i.kind,
  unit: i.unit ?? '',
  min: numberText(i.min),
  max: numberText(i.max),
  threshold: numberText(i.threshold),
  categoryIds: [...i.categories],
  labAllPositives: i.labConfirm.allPositives,
  varietyKeys: i.labConfirm.varietyKeys.join('、'),
});

/** A typed number: full-width digits and a decimal comma (a Chinese input method's) read as ASCII. */
function typedNumber(text: string): number | null | 'bad' {
  const s = text
    .replace(/[０-９．－]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[,，]/, '.')
    .replace(/\s+/g, '');
  if (s === '') return null;
  return /^-?\d+(\.\d+)?$/.test(s) ? Number(s) : 'bad';
}

/** The station's field issues (or the contract's) as field → code; the first problem of a field wins. */
export function itemProblemsOf(issues: readonly { path: string; code: string }[]): TestItemProblems {
  const problems: TestItemProblems = {};
  for (const issue of issues) {
    const field = issue.path.split('.')[0] as TestItemField;
    if ((TEST_ITEM_FIELDS as readonly string[]).includes(field)) problems[field] ??= issue.code;
  }
  return problems;
}

/**
 * The draft as the station takes it, or the problems per field (nothing is sent then). The
 * contract's own schema checks it, so the screen and the station never disagree; a qualitative
 * item sends no unit or numbers.
 */
export function parseItemDraft(d: TestItemDraft): { ok: true; value: Input<'saveTestItem'> } | { ok: false; problems: TestItemProblems } {
  const quantitative = d.kind === 'quantitative';
  const numbers = { min: typedNumber(d.min), max: typedNumber(d.max), positiveAtOrAbove: typedNumber(d.threshold) };
  const input = {
    ...(d.id && { id: d.id }),
    nameZh: d.nameZh,
    nameEn: d.nameEn,
    methodZh: d.methodZh,
    methodEn: d.methodEn,
    standard: d.standard,
    kind: d.kind,
    ...(quantitative && {
      unit: d.unit,
      min: numbers.min === 'bad' ? null : numbers.min,
      max: numbers.max === 'bad' ? null : numbers.max,
      positiveAtOrAbove: numbers.positiveAtOrAbove === 'bad' ? null : numbers.positiveAtOrAbove,
    }),
    categoryIds: d.categoryIds,
    labAllPositives: d.labAllPositives,
    labVarietyKeys: d.varietyKeys.split(/[、,，;；\s]+/).filter(Boolean),
  };
  const parsed = TestItemInput.safeParse(input);
  const problems = parsed.success ? {} : itemProblemsOf(parsed.error.issues.map((i) => ({ path: i.path.join('.'), code: i.message })));
  if (quantitative) for (const [field, n] of Object.entries(numbers)) if (n === 'bad') problems[field as TestItemField] = 'notANumber';
  return Object.keys(problems).length === 0 ? { ok: true, value: input } : { ok: false, problems };
}
