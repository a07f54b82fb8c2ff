import { parseCsv } from '../support/csv';
import Database from 'better-sqlite3';
import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Input, LedgerRow, Output } from '../../shared/contract';
import { createLedgerQueries } from '../../electron/services/ledger/ledgerQuery';
import { apiError, gs1Scan, startTestCore, USCC, type TestCore } from '../support/core';

/**
 * 台账 export (exportLedger): the files read back and compared cell by cell with listLedger's rows
 * for the same question; a receiver's file holds their desk alone. Several lots share one entry
 * time, so the export's keyset pages must break ties exactly as the screen's pages do.
 */
const DAY = '2026-04-02';
const PIN = '482615';
let now = new Date(`${DAY}T07:00:00`);
let t: TestCore;
const staff: Record<string, string> = {};
let supplierA: string;
let supplierB: string;

const as = async (name: string) => (await t.call('signIn', { operatorId: staff[name]!, pin: PIN })).sessionId;

async function enter(lot: string, by: string, supplierId: string, certs: Input<'checkEntry'>['certificates'], quantity: number) {
  const varietyId = (await t.call('listVarieties', {})).find((v) => v.name === '白菜')!.id;
  await t.call('checkEntry', { raw: gs1Scan('2', lot), source: 'wedge', supplierId, varietyId, quantity, unit: 'kg', certificates: certs }, await as(by));
}

beforeAll(async () => {
  t = await startTestCore({ now: () => now });
  for (const [name, role] of [
    ['R1', 'receiver'],
    ['R2', 'receiver'],
    ['M', 'manager'],
  ] as const)
    staff[name] = (await t.call('createOperator', { name: `${name}号`, role, pin: PIN })).id;
  supplierA = (await t.call('saveSubject', { kind: 'supplier', name: '南安合作社', uscc: USCC.a })).id;
  supplierB = (await t.call('saveSubject', { kind: 'supplier', name: '同安肉联厂', uscc: USCC.b })).id;
  const cert = (n: string, type: 'commitment' | 'testReport') => ({ type, number: n, issuer: '产地', issueDate: DAY });
  for (let i = 1; i <= 14; i++) {
    // Three lots a minute: equal entry times, ordered by the tie-break only.
    now = new Date(`${DAY}T07:${String(Math.floor(i / 3)).padStart(2, '0')}:00`);
    const certs = i % 5 === 0 ? [] : i % 2 ? [cert(`C-${i}`, 'commitment'), cert(`T-${i}`, 'testReport')] : [cert(`C-${i}`, 'commitment')];
    await enter(`L${i}`, i % 3 === 0 ? 'R2' : 'R1', i % 4 === 0 ? supplierB : supplierA, certs, 10 + i * 0.125);
  }
});
afterAll(() => t?.close());

const WORDS = {
  outcome: { admit: '准入', hold: '待检', reject: '拒收' },
  status: { admitted: '已准入', awaitingTest: '待检', held: '扣留', rejected: '已拒收', recalled: '已召回', destroyed: '已销毁', exhausted: '已售罄' },
  cert: { commitment: '承诺达标合格证', testReport: '检测报告' } as Record<string, string>,
  verdict: { negative: '阴性', positive: '阳性', invalid: '无效' },
};
const HEADERS = ['入场时间', '追溯码', '入场结论', '人工改判', '当前状态', '供应商', '品种', '数量', '单位', '凭证', '检测次数', '最近检测结论', '摊位', '操作员'];

/** A ledger row as the file should show it, worked out here from listLedger's answer. */
function expectedCells(r: LedgerRow): (string | number | Date)[] {
  const wall = r.createdAt.slice(0, 19);
  return [
    new Date(`${wall}Z`),
    r.code,
    WORDS.outcome[r.outcome],
    r.overridden ? '有' : '无',
    WORDS.status[r.status],
    r.supplier.name,
    r.variety.name,
    r.quantity,
    '公斤',
    r.certificates.map((c) => `${WORDS.cert[c.type]} ${c.number}`).join('；'),
    r.tests.count,
    r.tests.lastVerdict ? WORDS.verdict[r.tests.lastVerdict] : '',
    r.stall?.name ?? '',
    r.operator.name,
  ];
}

async function listed(question: Omit<Input<'listLedger'>, 'limit' | 'offset'>, session?: string) {
  return (await t.call('listLedger', { ...question, limit: 200 }, session)).rows;
}

async function exported(input: Input<'exportLedger'>, session?: string): Promise<{ file: Output<'exportLedger'>; bytes: Buffer }> {
  const file = await t.call('exportLedger', input, session);
  const download = await t.call('downloadExport', { fileName: file.fileName }, session);
  const bytes = Buffer.from(download.content!, 'base64');
  expect(bytes).toEqual(readFileSync(file.path));
  return { file, bytes };
}

async function xlsxCells(bytes: Buffer): Promise<unknown[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  const ws = wb.getWorksheet('台账')!;
  const rows: unknown[][] = [];
  // An empty text is written as no cell: read as ''.
  ws.eachRow((row) => rows.push(HEADERS.map((_, i) => row.getCell(i + 1).value ?? '')));
  return rows;
}

describe('exportLedger', () => {
  it('writes every matching lot to XLSX with real numbers and dates, cell by cell as listLedger has them', async () => {
    const m = await as('M');
    const question = { range: { from: DAY, to: DAY }, filters: { supplierId: supplierA } };
    const rows = await listed(question, m);
    expect(rows.length).toBe(11);
    const { file } = await exported({ ...question, format: 'xlsx' }, m);
    expect(file.fileName).toMatch(/^ledger_2026-04-02_\d{8}-\d{6}\.xlsx$/);
    const cells = await xlsxCells(readFileSync(file.path));
    expect(cells[0]).toEqual(HEADERS);
    expect(cells.slice(1)).toEqual(rows.map(expectedCells));
    expect(typeof cells[1]![7]).toBe('number');
    expect(cells[1]![0]).toBeInstanceOf(Date);
  });

  it('writes CSV as UTF-8 with a BOM that parses back to the same cells', async () => {
    const m = await as('M');
    const question = { range: { from: DAY, to: DAY } };
    const rows = await listed(question, m);
    expect(rows.length).toBe(14);
    const { bytes } = await exported({ ...question, format: 'csv' }, m);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const parsed = await parseCsv(bytes.subarray(3).toString('utf8'));
    expect(parsed[0]).toEqual(HEADERS);
    const asText = (v: string | number | Date) => (v instanceof Date ? v.toISOString().slice(0, 19).replace('T', ' ') : String(v));
    expect(parsed.slice(1)).toEqual(rows.map((r) => expectedCells(r).map(asText)));
  });

  it('exports a search as listLedger finds it', async () => {
    const m = await as('M');
    const rows = await listed({ search: 'C-7' }, m);
    expect(rows.map((r) => r.code)).toHaveLength(1);
    const cells = await xlsxCells((await exported({ search: 'C-7', format: 'xlsx' }, m)).bytes);
    expect(cells.slice(1)).toEqual(rows.map(expectedCells));
  });

  it("gives a receiver their own desk's lots only, and their files to them alone", async () => {
    const r2 = await as('R2');
    const rows = await listed({ range: { from: DAY, to: DAY } }, r2);
    expect(rows.length).toBe(4);
    expect(new Set(rows.map((r) => r.operator.id))).toEqual(new Set([staff.R2]));
    const { file, bytes } = await exported({ range: { from: DAY, to: DAY }, format: 'xlsx' }, r2);
    expect((await xlsxCells(bytes)).slice(1)).toEqual(rows.map(expectedCells));

    // Another desk is refused as listLedger refuses it; another receiver's file is not theirs to take.
    expect(await apiError(t.call('exportLedger', { range: { from: DAY, to: DAY }, filters: { operatorId: staff.R1! }, format: 'csv' }, r2))).toMatchObject({
      code: 'forbidden',
      params: { reason: 'notYourDesk' },
    });
    expect(await apiError(t.call('downloadExport', { fileName: file.fileName }, await as('R1')))).toMatchObject({ code: 'forbidden', params: { reason: 'notYourExport' } });
    // A manager may take any export.
    expect((await t.call('downloadExport', { fileName: file.fileName }, await as('M'))).bytes).toBe(file.bytes);
  });

  it('pages by keyset through equal entry times exactly as the screen pages', async () => {
    const db = new Database(join(t.dir, 'station.db'), { readonly: true });
    try {
      const queries = createLedgerQueries(db);
      for (const filters of [{}, { operatorId: staff.R1! }, { outcome: 'admit' as const }]) {
        const asked = { bounds: { start: `${DAY}T00:00`, end: `${DAY}T23:59:59` }, filters, search: null };
        const all = queries.page({ ...asked, limit: 200, offset: 0 }).rows.map((r) => r.lotId);
        expect(all.length).toBeGreaterThan(3);
        expect(queries.total(asked)).toBe(all.length);
        for (const size of [1, 2, 3, 5, 14]) {
          const streamed: string[] = [];
          for await (const r of queries.rows(asked, size)) streamed.push(r.lotId);
          expect(streamed, `pages of ${size}`).toEqual(all);
        }
      }
    } finally {
      db.close();
    }
  });
});
