/**
 * The rapid tests a market's testing room runs, per category (defaults, not any one market's list),
 * seeded into the store on first start; an admin edits them from then on. Strips and colour tests are qualitative: their
 * cut-off is the kit's (it differs by kit and by food), so only the enzyme test and nitrite carry a
 * threshold of their own. Category ids as in DEFAULT_CATEGORIES; no category exists for dried
 * goods, rice noodles, peanuts or pickles, so their tests sit on the nearest ones (grain products,
 * oil, 地产特色食品) until an admin says otherwise.
 */
import type { QualitativeItem, RapidTestItem } from './rapidTest';

const noLab = { allPositives: false, varietyKeys: [] };

const STRIP = { zh: '胶体金免疫层析试纸条（定性）', en: 'Colloidal gold immunochromatographic strip (qualitative)' };
const COLOUR = { zh: '化学显色法速测（定性）', en: 'Colorimetric rapid test (qualitative)' };

const strip = (id: string, zh: string, en: string, categoryIds: string[]): QualitativeItem => ({
  id,
  kind: 'qualitative',
  name: { zh, en },
  method: STRIP,
  categoryIds,
  labConfirm: noLab,
});

/** Tofu, rice noodles (grain products), dried goods (local speciality): the processed foods tested for formaldehyde, SO2 and 吊白块. */
const PROCESSED = ['soy', 'grain', 'local'];

export const DEFAULT_TEST_ITEMS: RapidTestItem[] = [
  {
    // Ids of the first four stay as they were: old test records name them.
    id: 'opCarbamate',
    kind: 'quantitative',
    name: { zh: '有机磷和氨基甲酸酯类农药', en: 'Organophosphate and carbamate pesticides' },
    method: { zh: '酶抑制率法', en: 'Enzyme inhibition' },
    standard: 'GB/T 5009.199-2003',
    categoryIds: ['vegetable', 'fruit'],
    unit: '%',
    min: 0,
    max: 100,
    // GB/T 5009.199: inhibition ≥ 50% means a high pesticide dose, the sample is positive.
    positiveAtOrAbove: 50,
    labConfirm: {
      allPositives: false,
      // The standard's note: 葱、蒜、萝卜、韭菜、芹菜、香菜、茭白、蘑菇及番茄 contain compounds that
      // inhibit the enzyme. Short keys on purpose (洋葱, 大葱 and 香葱 all contain 葱): flagging one
      // variety too many costs a lab test, missing one destroys good produce.
      varietyKeys: ['韭', '葱', '蒜', '茭白', '萝卜', '芹菜', '香菜', '芫荽', '菇', '番茄', '西红柿'],
    },
  },
  // β-agonists (瘦肉精) on pork, beef and mutton.
  strip('clenbuterol', '克伦特罗', 'Clenbuterol', ['livestock']),
  strip('ractopamine', '莱克多巴胺', 'Ractopamine', ['livestock']),
  strip('salbutamol', '沙丁胺醇', 'Salbutamol', ['livestock']),
  // Banned in aquaculture: any trace is positive, the kit's detection limit decides.
  strip('malachiteGreen', '孔雀石绿', 'Malachite green', ['aquatic']),
  strip('chloramphenicol', '氯霉素', 'Chloramphenicol', ['aquatic']),
  strip('nitrofurans', '硝基呋喃类代谢物', 'Nitrofuran metabolites', ['aquatic']),
  // Poultry and eggs (禽产品 covers both).
  strip('fluoroquinolones', '氟喹诺酮类（恩诺沙星等）', 'Fluoroquinolones (enrofloxacin etc.)', ['poultry']),
  {
    id: 'formaldehyde',
    kind: 'qualitative',
    name: { zh: '甲醛', en: 'Formaldehyde' },
    method: COLOUR,
    categoryIds: ['aquatic', ...PROCESSED],
    // Squid, Bombay duck, cod and shiitake make formaldehyde of their own as they age: a positive
    // on them goes to the lab (not confirmed as a complete list: extend it as data).
    labConfirm: { allPositives: false, varietyKeys: ['鱿鱼', '龙头鱼', '鳕鱼', '香菇'] },
  },
  { id: 'sulfurDioxide', kind: 'qualitative', name: { zh: '二氧化硫', en: 'Sulfur dioxide' }, method: COLOUR, categoryIds: PROCESSED, labConfirm: noLab },
  {
    id: 'rongalite',
    kind: 'qualitative',
    name: { zh: '吊白块（甲醛次硫酸氢钠）', en: 'Rongalite (sodium formaldehyde sulfoxylate)' },
    method: COLOUR,
    categoryIds: PROCESSED,
    labConfirm: noLab,
  },
  // Grain, oils and peanuts; limits differ by food (5–20 μg/kg), so the kit decides.
  strip('aflatoxinB1', '黄曲霉毒素B1', 'Aflatoxin B1', ['grain', 'oil']),
  {
    id: 'nitrite',
    kind: 'quantitative',
    name: { zh: '亚硝酸盐', en: 'Nitrite' },
    method: { zh: '盐酸萘乙二胺显色法（比色卡）', en: 'Naphthylethylenediamine colour reaction (colour card)' },
    // GB 2762's limit for pickled vegetables, as NaNO2 (not checked against the standard's text).
    standard: 'GB 2762',
    categoryIds: ['local'],
    unit: 'mg/kg',
    min: 0,
    max: 100,
    positiveAtOrAbove: 20,
    labConfirm: noLab,
  },
];

export interface CategoryCoverage {
  categoryId: string;
  /** 批批检测: lots without a report are held until a test releases them. */
  mustTest: boolean;
  activeItems: number;
  /** Must be tested and no active item applies: such lots could never leave 待检. */
  gap: boolean;
}

/** For every category, how many active items apply to it, and whether that leaves a gap. */
export function categoryCoverage(categories: readonly { id: string; testWithoutReport: boolean }[], items: readonly { categoryIds: readonly string[]; active: boolean }[]): CategoryCoverage[] {
  return categories.map((c) => {
    const activeItems = items.filter((i) => i.active && i.categoryIds.includes(c.id)).length;
    return { categoryId: c.id, mustTest: c.testWithoutReport, activeItems, gap: c.testWithoutReport && activeItems === 0 };
  });
}
