/**
 * Seed food categories with their entry rules (which certificates let a lot in), as data the
 * manager can change. Each requirement group needs at least one valid certificate of a listed type.
 */
import type { Category, Unit } from '../contract';

// Functions, not shared constants: each category gets its own arrays to edit.
/** Farm produce enters on a commitment certificate or an origin exit voucher. */
const farm = (): Category['requirements'] => [['commitment', 'originExit']];
/** Processed / prepackaged food enters on a purchase voucher (with the producer's licence). */
const packaged = (): Category['requirements'] => [['purchase']];

export const DEFAULT_CATEGORIES: Category[] = [
  { id: 'grain', nameZh: '粮食及其制品', nameEn: 'Grain and grain products', requirements: farm(), testWithoutReport: true },
  {
    id: 'livestock',
    nameZh: '畜产品及其制品',
    nameEn: 'Livestock products',
    requirements: [['quarantine'], ['meatQuality']],
    testWithoutReport: true,
  },
  { id: 'poultry', nameZh: '禽产品及其制品', nameEn: 'Poultry products', requirements: [['quarantine']], testWithoutReport: true },
  { id: 'vegetable', nameZh: '蔬菜', nameEn: 'Vegetables', requirements: farm(), testWithoutReport: true },
  { id: 'fruit', nameZh: '水果', nameEn: 'Fruit', requirements: farm(), testWithoutReport: true },
  { id: 'aquatic', nameZh: '水产品', nameEn: 'Aquatic products', requirements: farm(), testWithoutReport: true },
  { id: 'soy', nameZh: '豆制品', nameEn: 'Soy products', requirements: farm(), testWithoutReport: true },
  { id: 'dairy', nameZh: '乳品', nameEn: 'Dairy', requirements: packaged(), testWithoutReport: false },
  { id: 'oil', nameZh: '食用油', nameEn: 'Edible oil', requirements: packaged(), testWithoutReport: false },
  { id: 'liquor', nameZh: '酒', nameEn: 'Alcoholic drinks', requirements: packaged(), testWithoutReport: false },
  { id: 'condiment', nameZh: '调味品', nameEn: 'Condiments', requirements: packaged(), testWithoutReport: false },
  { id: 'salt', nameZh: '食盐', nameEn: 'Salt', requirements: packaged(), testWithoutReport: false },
  { id: 'local', nameZh: '地产特色食品', nameEn: 'Local specialities', requirements: farm(), testWithoutReport: true },
];

export interface DefaultVariety {
  name: string;
  categoryId: string;
  defaultUnit: Unit;
}

export const DEFAULT_VARIETIES: DefaultVariety[] = [
  { name: '白菜', categoryId: 'vegetable', defaultUnit: 'kg' },
  // 韭菜, 大葱, 大蒜 and 茭白 give false positives in the enzyme test (their own compounds inhibit it).
  { name: '韭菜', categoryId: 'vegetable', defaultUnit: 'kg' },
  { name: '大葱', categoryId: 'vegetable', defaultUnit: 'kg' },
  { name: '大蒜', categoryId: 'vegetable', defaultUnit: 'kg' },
  { name: '茭白', categoryId: 'vegetable', defaultUnit: 'kg' },
  { name: '番茄', categoryId: 'vegetable', defaultUnit: 'kg' },
  { name: '黄瓜', categoryId: 'vegetable', defaultUnit: 'kg' },
  { name: '苹果', categoryId: 'fruit', defaultUnit: 'kg' },
  { name: '香蕉', categoryId: 'fruit', defaultUnit: 'kg' },
  { name: '柑橘', categoryId: 'fruit', defaultUnit: 'kg' },
  { name: '猪肉', categoryId: 'livestock', defaultUnit: 'kg' },
  { name: '牛肉', categoryId: 'livestock', defaultUnit: 'kg' },
  { name: '羊肉', categoryId: 'livestock', defaultUnit: 'kg' },
  { name: '鸡', categoryId: 'poultry', defaultUnit: 'kg' },
  { name: '鸭', categoryId: 'poultry', defaultUnit: 'kg' },
  { name: '鲈鱼', categoryId: 'aquatic', defaultUnit: 'kg' },
  { name: '对虾', categoryId: 'aquatic', defaultUnit: 'kg' },
  { name: '豆腐', categoryId: 'soy', defaultUnit: 'kg' },
  { name: '大米', categoryId: 'grain', defaultUnit: 'kg' },
  { name: '面粉', categoryId: 'grain', defaultUnit: 'kg' },
  { name: '牛奶', categoryId: 'dairy', defaultUnit: 'piece' },
  { name: '花生油', categoryId: 'oil', defaultUnit: 'piece' },
  { name: '白酒', categoryId: 'liquor', defaultUnit: 'piece' },
  { name: '酱油', categoryId: 'condiment', defaultUnit: 'piece' },
  { name: '食盐', categoryId: 'salt', defaultUnit: 'piece' },
];
