import type { PDFDocument, PDFImage, PDFPage, RGB } from 'pdf-lib';
import type { Unit } from '../../shared/contract';
import { formatQuantity } from '../../shared/domain/labelPayload';
import { A4, openCjkPdf, wallClock, type Typesetter } from './pdfText';

/**
 * The disposal certificate (销毁/无害化处理证明): the printable record that an unsafe lot was
 * destroyed on site, with the witness, the shredder's own evidence and photos (on-site destruction is
 * what the district's 一品一码 work plan, section 二(五), asks of markets).
 */

export type DisposalReason = 'testFailed' | 'expired' | 'spoiled' | 'recalled' | 'other';
export type DisposalMethod = 'shredding' | 'other';
export type ShredderMode = 'serial' | 'modbus' | 'manual';

/**
 * Times are ISO 8601 as stored by the station (local offset); they print as the wall-clock
 * date and time written in them, without conversion.
 */
export interface DisposalCertificateData {
  certificateNumber: string;
  marketName: string;
  stationName: string;
  stationId: string;
  lot: {
    code: string;
    variety: string;
    supplier: string;
    quantity: number;
    unit: Unit;
    /** YYYY-MM-DD or ISO time */
    entryDate: string;
  };
  /**
   * The codes of the portions sold from the lot (any depth): with their buyers, not destroyed by
   * this disposal (a recall or hold still follows them); listed so the certificate says so.
   */
  childCodes: string[];
  reason: { kind: DisposalReason; text?: string };
  /** The failed test when the reason is one. */
  test?: { item: string; value: number | string; unit?: string; threshold?: number | string; inspector: string; testedAt?: string };
  method: { kind: DisposalMethod; text?: string };
  /** In `lot.unit`. */
  quantityDestroyed: number;
  operator: { name: string; confirmedAt: string };
  witness: { name: string; confirmedAt: string };
  shredder?: {
    mode: ShredderMode;
    startedAt?: string;
    endedAt?: string;
    /** No run signal was seen during the disposal: printed as a warning. */
    noRunDetected: boolean;
  };
  /** PNG or JPEG bytes. */
  photos?: { before?: Uint8Array; after?: Uint8Array };
  generatedAt: string;
  /** QR content; default: `disposalQrPayload(certificateNumber, lot.code)`. */
  qrPayload?: string;
}

export type CertificateLang = 'zh' | 'en';

/** Plain UTF-8 lines like the label QR, so a phone camera shows what the certificate covers. */
export function disposalQrPayload(certificateNumber: string, lotCode: string): string {
  return `一品一码 销毁证明\n编号 ${certificateNumber}\n码 ${lotCode}`;
}

const LABELS = {
  zh: {
    title: '食用农产品销毁（无害化处理）证明',
    number: '证明编号',
    generatedAt: '生成时间',
    scan: '扫码核验',
    sectionBasic: '一、基本信息',
    market: '市场名称',
    station: '处置站点',
    lotCode: '追溯码',
    variety: '品种',
    supplier: '供应商',
    quantity: '批次数量',
    entryDate: '入场日期',
    childCount: '已分装售出子码',
    childCountValue: (n: number) => `${n} 个（在买方，未销毁；清单见附）`,
    sectionReason: '二、销毁原因',
    reason: '原因',
    reasonText: '说明',
    reasons: { testFailed: '检测不合格', expired: '超过保质期', spoiled: '腐败变质', recalled: '召回', other: '其他' },
    testItem: '检测项目',
    testValue: '检测结果',
    threshold: '判定限值',
    inspector: '检测员',
    testedAt: '检测时间',
    sectionDisposal: '三、处置情况',
    method: '处置方式',
    methods: { shredding: '粉碎', other: '其他无害化处理' },
    destroyed: '销毁数量',
    operator: '操作人',
    witness: '见证人',
    confirmedAt: '确认时间',
    sectionShredder: '四、粉碎机运行记录',
    shredderMode: '记录方式',
    modes: { serial: '串口信号', modbus: 'Modbus 信号', manual: '人工记录' },
    started: '开始时间',
    ended: '结束时间',
    duration: '运行时长',
    noShredder: '无粉碎机记录',
    warning: '警告',
    notDetected: '未检测到粉碎机运行',
    sectionPhotos: '五、现场照片',
    before: '处置前',
    after: '处置后',
    noPhoto: '未提供',
    sectionSign: '六、签字确认',
    signOperator: '操作人（签字）',
    signWitness: '见证人（签字）',
    signManager: '市场开办者（签字/盖章）',
    date: '日期',
    colon: '：',
    paren: (s: string) => `（${s}）`,
    childList: (n: number) => `附：已分装售出子码清单（共 ${n} 个，不在本次销毁之列）`,
    none: '无',
    page: (i: number, n: number) => `第 ${i} 页 / 共 ${n} 页`,
    duration_: (h: number, m: number, s: number) => `${h ? `${h} 小时 ` : ''}${h || m ? `${m} 分 ` : ''}${s} 秒`,
    units: null,
  },
  en: {
    title: 'Certificate of Destruction (Harmless Disposal) of Edible Farm Products',
    number: 'Certificate no.',
    generatedAt: 'Generated',
    scan: 'Scan to verify',
    sectionBasic: '1. Basic information',
    market: 'Market',
    station: 'Disposal station',
    lotCode: 'Trace code',
    variety: 'Variety',
    supplier: 'Supplier',
    quantity: 'Lot quantity',
    entryDate: 'Entry date',
    childCount: 'Portions sold from it',
    childCountValue: (n: number) => `${n}, with buyers, not destroyed (list attached)`,
    sectionReason: '2. Reason',
    reason: 'Reason',
    reasonText: 'Details',
    reasons: { testFailed: 'Failed test', expired: 'Past shelf life', spoiled: 'Spoiled', recalled: 'Recalled', other: 'Other' },
    testItem: 'Test item',
    testValue: 'Result',
    threshold: 'Limit',
    inspector: 'Inspector',
    testedAt: 'Tested at',
    sectionDisposal: '3. Disposal',
    method: 'Method',
    methods: { shredding: 'Shredding', other: 'Other harmless treatment' },
    destroyed: 'Quantity destroyed',
    operator: 'Operator',
    witness: 'Witness',
    confirmedAt: 'confirmed',
    sectionShredder: '4. Shredder record',
    shredderMode: 'Source',
    modes: { serial: 'Serial signal', modbus: 'Modbus signal', manual: 'Entered by hand' },
    started: 'Started',
    ended: 'Ended',
    duration: 'Duration',
    noShredder: 'No shredder record',
    warning: 'Warning',
    notDetected: 'No shredder run was detected',
    sectionPhotos: '5. Photos',
    before: 'Before',
    after: 'After',
    noPhoto: 'Not provided',
    sectionSign: '6. Signatures',
    signOperator: 'Operator (signature)',
    signWitness: 'Witness (signature)',
    signManager: 'Market operator (signature/seal)',
    date: 'Date',
    colon: ': ',
    paren: (s: string) => ` (${s})`,
    childList: (n: number) => `Annex: portions sold from the lot, not destroyed here (${n})`,
    none: 'None',
    page: (i: number, n: number) => `Page ${i} of ${n}`,
    duration_: (h: number, m: number, s: number) => `${h ? `${h} h ` : ''}${h || m ? `${m} min ` : ''}${s} s`,
    units: { kg: 'kg', piece: 'pcs', head: 'head', box: 'boxes' } as Record<Unit, string>,
  },
};
type Labels = (typeof LABELS)['zh' | 'en'];

function quantityText(L: Labels, quantity: number, unit: Unit): string {
  if (!L.units) return formatQuantity(quantity, unit);
  return `${unit === 'kg' ? quantity.toFixed(3) : String(Math.round(quantity))} ${L.units[unit]}`;
}

function durationText(L: Labels, startedAt: string, endedAt: string): string | undefined {
  const ms = Date.parse(endedAt) - Date.parse(startedAt);
  if (!Number.isFinite(ms) || ms < 0) return undefined;
  const s = Math.round(ms / 1000);
  return L.duration_(Math.floor(s / 3600), Math.floor((s % 3600) / 60), s % 60);
}

const MARGIN_X = 50;
const TOP = A4[1] - 48;
const BOTTOM = 56;
const CONTENT_W = A4[0] - 2 * MARGIN_X;
const LABEL_W = 118;
const BODY = 10.5;
const LINE = 15;
const PAD = 4;
const HEADING_H = 30;

// Made once pdf-lib is loaded (its `rgb` is not available at module load).
function palette(rgb: (r: number, g: number, b: number) => RGB) {
  return { gray: rgb(0.4, 0.4, 0.4), rule: rgb(0.6, 0.6, 0.6), shade: rgb(0.93, 0.93, 0.93), red: rgb(0.75, 0.05, 0.05) };
}
type Palette = ReturnType<typeof palette>;

type Row = [label: string, value: string, color?: 'red'];

/** A cursor over pages that starts a new page when the next block does not fit. */
class Flow {
  page: PDFPage;
  y = TOP;
  constructor(
    private readonly doc: PDFDocument,
    private readonly ts: Typesetter,
    private readonly c: Palette,
  ) {
    this.page = doc.addPage(A4);
  }

  ensure(height: number): void {
    if (this.y - height >= BOTTOM) return;
    this.page = this.doc.addPage(A4);
    this.y = TOP;
  }

  heading(text: string, keepWith = 0): void {
    this.ensure(HEADING_H + keepWith);
    this.y -= 10;
    this.page.drawRectangle({ x: MARGIN_X, y: this.y - 13, width: 3, height: 14, color: this.c.red });
    this.ts.draw(this.page, text, MARGIN_X + 8, this.y - 11, 12);
    this.y -= HEADING_H - 10;
  }

  /** A heading over a two-column label/value table, kept on one page when it fits on one. */
  section(title: string, rows: Row[]): void {
    const valueW = CONTENT_W - LABEL_W - 2 * PAD;
    const laid = rows.map(([label, value, color]) => {
      const labelLines = this.ts.wrap(label, BODY, LABEL_W - 2 * PAD);
      const valueLines = this.ts.wrap(value, BODY, valueW);
      return { labelLines, valueLines, color, h: Math.max(labelLines.length, valueLines.length) * LINE + 2 * PAD };
    });
    const total = laid.reduce((sum, r) => sum + r.h, 0);
    this.heading(title, total <= TOP - BOTTOM - HEADING_H ? total : laid[0].h);
    for (const { labelLines, valueLines, color, h } of laid) {
      this.ensure(h);
      const top = this.y;
      this.page.drawRectangle({ x: MARGIN_X, y: top - h, width: LABEL_W, height: h, color: this.c.shade, borderColor: this.c.rule, borderWidth: 0.5 });
      this.page.drawRectangle({ x: MARGIN_X + LABEL_W, y: top - h, width: CONTENT_W - LABEL_W, height: h, borderColor: this.c.rule, borderWidth: 0.5 });
      labelLines.forEach((l, i) => this.ts.draw(this.page, l, MARGIN_X + PAD, top - PAD - (i + 1) * LINE + 4, BODY));
      valueLines.forEach((l, i) => this.ts.draw(this.page, l, MARGIN_X + LABEL_W + PAD, top - PAD - (i + 1) * LINE + 4, BODY, color && this.c[color]));
      this.y -= h;
    }
  }
}

function imageKind(bytes: Uint8Array): 'png' | 'jpg' {
  if (bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) return 'png';
  if (bytes[0] === 0xff && bytes[1] === 0xd8) return 'jpg';
  throw new Error('disposal photo is neither PNG nor JPEG');
}

/** The QR as vector modules (same encoder as labels): sharp at any print resolution. */
async function drawQr(page: PDFPage, text: string, x: number, y: number, size: number): Promise<void> {
  const { qrMatrix } = await import('../../drivers/printer/raster/codes');
  const { size: n, dark } = qrMatrix(text);
  const quiet = 2;
  const m = size / (n + 2 * quiet);
  for (let row = 0; row < n; row++) {
    for (let col = 0; col < n;) {
      if (!dark[row * n + col]) {
        col++;
        continue;
      }
      const start = col;
      while (col < n && dark[row * n + col]) col++;
      // Runs of dark modules as one rectangle keep the content stream small.
      page.drawRectangle({ x: x + (quiet + start) * m, y: y + size - (quiet + row + 1) * m, width: (col - start) * m, height: m });
    }
  }
}

/** Renders the certificate as an A4 PDF with the CJK font subset-embedded. */
export async function renderDisposalCertificate(data: DisposalCertificateData, options: { fontPath?: string; lang?: CertificateLang } = {}): Promise<Uint8Array> {
  const L: Labels = LABELS[options.lang ?? 'zh'];
  const {
    doc,
    ts,
    pdfLib: { rgb },
  } = await openCjkPdf({ fontPath: options.fontPath });

  const generated = new Date(data.generatedAt);
  doc.setTitle(`${L.title} ${data.certificateNumber}`);
  doc.setSubject(data.lot.code);
  doc.setCreator('yipin-yima-station');
  doc.setLanguage(options.lang === 'en' ? 'en' : 'zh-CN');
  if (!Number.isNaN(generated.getTime())) {
    doc.setCreationDate(generated);
    doc.setModificationDate(generated);
  }

  const c = palette(rgb);
  const flow = new Flow(doc, ts, c);
  const qrSize = 78;
  await drawQr(flow.page, data.qrPayload ?? disposalQrPayload(data.certificateNumber, data.lot.code), A4[0] - MARGIN_X - qrSize, TOP - qrSize + 6, qrSize);
  ts.draw(flow.page, L.scan, A4[0] - MARGIN_X - qrSize / 2 - ts.width(L.scan, 8) / 2, TOP - qrSize - 4, 8, c.gray);
  // Centred title, kept clear of the QR on the right.
  for (const line of ts.wrap(L.title, 18, CONTENT_W - 2 * (qrSize + 8))) {
    const x = (A4[0] - ts.width(line, 18)) / 2;
    ts.draw(flow.page, line, x, flow.y - 20, 18);
    ts.draw(flow.page, line, x + 0.35, flow.y - 20, 18); // a second pass stands in for a bold face
    flow.y -= 26;
  }
  const sub = `${L.number}${L.colon}${data.certificateNumber}`;
  ts.draw(flow.page, sub, (A4[0] - ts.width(sub, BODY)) / 2, flow.y - 12, BODY);
  flow.y = Math.min(flow.y - 22, TOP - qrSize - 12);

  const lot = data.lot;
  const at = (who: { name: string; confirmedAt: string }) => `${who.name}${L.paren(`${L.confirmedAt} ${wallClock(who.confirmedAt)}`)}`;
  flow.section(L.sectionBasic, [
    [L.number, data.certificateNumber],
    [L.market, data.marketName],
    [L.station, `${data.stationName}${L.paren(data.stationId)}`],
    [L.lotCode, lot.code],
    [L.variety, lot.variety],
    [L.supplier, lot.supplier],
    [L.quantity, quantityText(L, lot.quantity, lot.unit)],
    [L.entryDate, wallClock(lot.entryDate)],
    [L.childCount, L.childCountValue(data.childCodes.length)],
  ]);

  const reasonRows: Row[] = [[L.reason, L.reasons[data.reason.kind]]];
  if (data.reason.text) reasonRows.push([L.reasonText, data.reason.text]);
  if (data.test) {
    const t = data.test;
    const unit = t.unit ? ` ${t.unit}` : '';
    reasonRows.push([L.testItem, t.item], [L.testValue, `${t.value}${unit}`]);
    if (t.threshold !== undefined) reasonRows.push([L.threshold, `${t.threshold}${unit}`]);
    reasonRows.push([L.inspector, t.inspector]);
    if (t.testedAt) reasonRows.push([L.testedAt, wallClock(t.testedAt)]);
  }
  flow.section(L.sectionReason, reasonRows);

  const method = L.methods[data.method.kind] + (data.method.text ? `${L.colon}${data.method.text}` : '');
  flow.section(L.sectionDisposal, [
    [L.method, method],
    [L.destroyed, quantityText(L, data.quantityDestroyed, lot.unit)],
    [L.operator, at(data.operator)],
    [L.witness, at(data.witness)],
  ]);

  const sh = data.shredder;
  const shredderRows: Row[] = [];
  if (sh) {
    shredderRows.push([L.shredderMode, L.modes[sh.mode]]);
    if (sh.startedAt) shredderRows.push([L.started, wallClock(sh.startedAt)]);
    if (sh.endedAt) shredderRows.push([L.ended, wallClock(sh.endedAt)]);
    const d = sh.startedAt && sh.endedAt ? durationText(L, sh.startedAt, sh.endedAt) : undefined;
    if (d) shredderRows.push([L.duration, d]);
  } else {
    shredderRows.push([L.shredderMode, L.noShredder]);
  }
  if (sh?.noRunDetected) shredderRows.push([L.warning, L.notDetected, 'red']);
  flow.section(L.sectionShredder, shredderRows);

  const photoH = 160;
  const photoW = (CONTENT_W - 12) / 2;
  flow.heading(L.sectionPhotos, photoH + LINE + 4);
  const slots: [string, Uint8Array | undefined][] = [
    [L.before, data.photos?.before],
    [L.after, data.photos?.after],
  ];
  for (const [i, [caption, bytes]] of slots.entries()) {
    const x = MARGIN_X + i * (photoW + 12);
    const y = flow.y - photoH;
    flow.page.drawRectangle({ x, y, width: photoW, height: photoH, borderColor: c.rule, borderWidth: 0.5 });
    if (bytes) {
      const img: PDFImage = imageKind(bytes) === 'png' ? await doc.embedPng(bytes) : await doc.embedJpg(bytes);
      const s = Math.min((photoW - 8) / img.width, (photoH - 8) / img.height);
      const w = img.width * s;
      const h = img.height * s;
      flow.page.drawImage(img, { x: x + (photoW - w) / 2, y: y + (photoH - h) / 2, width: w, height: h });
    } else {
      ts.draw(flow.page, L.noPhoto, x + (photoW - ts.width(L.noPhoto, BODY)) / 2, y + photoH / 2 - 4, BODY, c.gray);
    }
    ts.draw(flow.page, caption, x + (photoW - ts.width(caption, 9)) / 2, y - 12, 9);
  }
  flow.y -= photoH + LINE + 4;

  flow.heading(L.sectionSign, 62);
  const signW = (CONTENT_W - 24) / 3;
  for (const [i, label] of [L.signOperator, L.signWitness, L.signManager].entries()) {
    const x = MARGIN_X + i * (signW + 12);
    ts.draw(flow.page, label, x, flow.y - 12, 9);
    flow.page.drawLine({ start: { x, y: flow.y - 38 }, end: { x: x + signW, y: flow.y - 38 }, thickness: 0.5, color: c.rule });
    ts.draw(flow.page, `${L.date}${L.colon}`, x, flow.y - 52, 9, c.gray);
  }
  flow.y -= 62;

  // The annex: codes in as many columns as the widest fits, row by row, across pages.
  if (data.childCodes.length === 0) {
    flow.section(L.childList(0), [[L.childCount, L.none]]);
  } else {
    const size = 9;
    const lineH = 13;
    flow.heading(L.childList(data.childCodes.length), lineH);
    const cells = data.childCodes.map((c, i) => `${i + 1}. ${c}`);
    const cellW = Math.min(CONTENT_W, Math.max(...cells.map((c) => ts.width(c, size))) + 16);
    const cols = Math.max(1, Math.floor((CONTENT_W + 16) / cellW));
    for (let i = 0; i < cells.length; i += cols) {
      flow.ensure(lineH);
      cells.slice(i, i + cols).forEach((c, j) => ts.draw(flow.page, c, MARGIN_X + j * cellW, flow.y - lineH + 3, size));
      flow.y -= lineH;
    }
  }

  const pages = doc.getPages();
  for (const [i, page] of pages.entries()) {
    const footer = L.page(i + 1, pages.length);
    ts.draw(page, footer, (A4[0] - ts.width(footer, 9)) / 2, 30, 9, c.gray);
    ts.draw(page, data.certificateNumber, MARGIN_X, 30, 8, c.gray);
    const gen = `${L.generatedAt} ${wallClock(data.generatedAt)}`;
    ts.draw(page, gen, A4[0] - MARGIN_X - ts.width(gen, 8), 30, 8, c.gray);
  }
  return doc.save();
}
