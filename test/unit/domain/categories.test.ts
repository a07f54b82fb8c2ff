import { describe, expect, it } from 'vitest';
import { Category, Unit } from '../../../shared/contract';
import { DEFAULT_CATEGORIES, DEFAULT_VARIETIES } from '../../../shared/domain/categories';

const byId = Object.fromEntries(DEFAULT_CATEGORIES.map((c) => [c.id, c]));

describe('DEFAULT_CATEGORIES', () => {
  it('holds the district work plan’s twelve categories plus aquatic products, valid against the contract', () => {
    expect(DEFAULT_CATEGORIES.map((c) => [c.id, c.nameZh])).toEqual([
      ['grain', '粮食及其制品'],
      ['livestock', '畜产品及其制品'],
      ['poultry', '禽产品及其制品'],
      ['vegetable', '蔬菜'],
      ['fruit', '水果'],
      ['aquatic', '水产品'],
      ['soy', '豆制品'],
      ['dairy', '乳品'],
      ['oil', '食用油'],
      ['liquor', '酒'],
      ['condiment', '调味品'],
      ['salt', '食盐'],
      ['local', '地产特色食品'],
    ]);
    for (const c of DEFAULT_CATEGORIES) expect(Category.parse(c)).toEqual(c);
  });

  it('requires quarantine and meat quality certificates for livestock, quarantine for poultry', () => {
    expect(byId.livestock!.requirements).toEqual([['quarantine'], ['meatQuality']]);
    expect(byId.poultry!.requirements).toEqual([['quarantine']]);
  });

  it.each(['vegetable', 'fruit', 'aquatic', 'soy', 'grain', 'local'])('admits %s on a commitment or an origin exit certificate', (id) => {
    expect(byId[id]!.requirements).toEqual([['commitment', 'originExit']]);
  });

  it.each(['dairy', 'oil', 'liquor', 'condiment', 'salt'])('admits prepackaged %s on a purchase voucher', (id) => {
    expect(byId[id]!.requirements).toEqual([['purchase']]);
  });

  it('tests farm products batch by batch without a report, not prepackaged food', () => {
    const tested = DEFAULT_CATEGORIES.filter((c) => c.testWithoutReport)
      .map((c) => c.id)
      .sort();
    expect(tested).toEqual(['aquatic', 'fruit', 'grain', 'livestock', 'local', 'poultry', 'soy', 'vegetable']);
  });

  it('gives every category its own requirement arrays', () => {
    byId.vegetable!.requirements[0]!.push('testReport');
    try {
      expect(byId.fruit!.requirements).toEqual([['commitment', 'originExit']]);
    } finally {
      byId.vegetable!.requirements[0]!.pop();
    }
  });
});

describe('DEFAULT_VARIETIES', () => {
  it('are about twenty, uniquely named, in known categories with valid units', () => {
    expect(DEFAULT_VARIETIES.length).toBeGreaterThanOrEqual(20);
    expect(new Set(DEFAULT_VARIETIES.map((v) => v.name)).size).toBe(DEFAULT_VARIETIES.length);
    for (const v of DEFAULT_VARIETIES) {
      expect(byId[v.categoryId], v.name).toBeDefined();
      expect(Unit.parse(v.defaultUnit)).toBe(v.defaultUnit);
    }
  });

  it('includes the named staples with their units', () => {
    const get = (name: string) => DEFAULT_VARIETIES.find((v) => v.name === name);
    expect(get('白菜')).toEqual({ name: '白菜', categoryId: 'vegetable', defaultUnit: 'kg' });
    expect(get('韭菜')).toMatchObject({ categoryId: 'vegetable' });
    expect(get('茭白')).toMatchObject({ categoryId: 'vegetable' });
    expect(get('猪肉')).toEqual({ name: '猪肉', categoryId: 'livestock', defaultUnit: 'kg' });
    expect(get('鸡')).toMatchObject({ categoryId: 'poultry' });
    expect(get('鲈鱼')).toMatchObject({ categoryId: 'aquatic' });
    expect(get('牛奶')).toEqual({ name: '牛奶', categoryId: 'dairy', defaultUnit: 'piece' });
    expect(get('花生油')).toEqual({ name: '花生油', categoryId: 'oil', defaultUnit: 'piece' });
    expect(get('食盐')).toEqual({ name: '食盐', categoryId: 'salt', defaultUnit: 'piece' });
    expect(get('酱油')).toEqual({ name: '酱油', categoryId: 'condiment', defaultUnit: 'piece' });
  });
});
