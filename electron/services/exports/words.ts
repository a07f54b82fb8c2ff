import type { CertificateType, LotStatus, Outcome, Reason, RecallProgress, RecallScopeView, RecallSource, Unit, WorkPlanRule } from '../../../shared/contract';

/**
 * The Chinese words of exported files (sheet names, headings, column heads, the rules' sentences).
 * The renderer's i18n cannot be imported from electron/ (layering), so the files' words live here,
 * matched to the screens' zh-CN texts where both say the same thing.
 */

export const UNIT_WORDS: Record<Unit, string> = { kg: '公斤', piece: '件', head: '头', box: '箱' };

export const CERTIFICATE_WORDS: Record<CertificateType, string> = {
  commitment: '承诺达标合格证',
  originExit: '产地准出凭证',
  quarantine: '动物检疫合格证明',
  meatQuality: '肉品品质检验合格证',
  testReport: '检测报告',
  purchase: '购货凭证',
};

export const OUTCOME_WORDS: Record<Outcome, string> = { admit: '准入', hold: '待检', reject: '拒收' };

export const REASON_WORDS: Record<Reason['code'], string> = {
  ok: '合格证齐全有效',
  supplierBlocked: '供应商已被停止供货',
  certificateMissing: '缺少合格证',
  certificateExpired: '合格证已过期',
  certificateNotYetValid: '合格证尚未生效',
  quantityExceedsCertificate: '数量超出合格证',
  noTestReport: '无检测报告',
  productExpired: '产品已过期',
  productExpiresSoon: '临近到期',
  override: '管理员更改结论',
};

export const POSITIVE_OUTCOME_WORDS = { held: '扣留待处置', destroyed: '已销毁', released: '已解除扣留', selling: '仍在销售' } as const;
export const METHOD_WORDS = { shredding: '粉碎', other: '其他无害化处理' } as const;

export const MET = '达标';
export const NOT_MET = '未达标';
export const YES = '有';
export const NO = '无';
export const NONE_RECORDED = '未记录';

export const RULE_NAMES: Record<WorkPlanRule, string> = {
  entryChecked: '入场批批查验',
  noReportTested: '无检测报告批次批批检测',
  samplingRate: '有检测报告批次抽检比例',
  positivesHandled: '阳性批次扣留并处置',
  disposalEvidence: '销毁有粉碎记录和证明',
  uploaded: '数据按时上传',
};

const pct = (rate: number) => `${Math.round(rate * 1000) / 10}%`;
type Figures = Record<string, number>;
const has = (f: Figures, ...keys: string[]) => keys.every((k) => typeof f[k] === 'number');

/**
 * What a rule's figures say, as a sentence: what was done and, when not met, what is missing
 * (e.g. "3 批无检测报告的批次未检测", "抽检 8% < 10%，还差 4 批"). Figures a sentence does not
 * know are listed by name after it, so a figure the report adds later is never dropped silently.
 */
export function ruleSentence(rule: WorkPlanRule, met: boolean, f: Figures): string {
  const parts: string[] = [];
  const used = new Set<string>();
  /** Words `keys` when the report gave them all (and `when` holds); they are accounted for either way. */
  const say = (keys: string[], text: () => string, when = () => true) => {
    keys.forEach((k) => used.add(k));
    if (has(f, ...keys) && when()) parts.push(text());
  };
  switch (rule) {
    case 'entryChecked':
      say(['lots'], () => `入场 ${f.lots} 批`);
      say(['checked'], () => `已查验 ${f.checked} 批`);
      say(
        ['unchecked'],
        () => `${f.unchecked} 批未查验`,
        () => f.unchecked > 0,
      );
      break;
    case 'noReportTested':
      say(['lots'], () => `无检测报告 ${f.lots} 批`);
      say(['tested'], () => `已检测 ${f.tested} 批`);
      say(
        ['untested'],
        () => `${f.untested} 批无检测报告的批次未检测`,
        () => f.untested > 0,
      );
      break;
    case 'samplingRate':
      say(['lots'], () => `有检测报告 ${f.lots} 批`);
      say(['sampled'], () => `已抽中 ${f.sampled} 批`);
      say(['tested'], () => `已检测 ${f.tested} 批`);
      say(['required'], () => `应检测 ${f.required} 批`);
      say(['rate', 'target'], () => `抽检率 ${pct(f.rate)} ${f.rate >= f.target ? '≥' : '<'} ${pct(f.target)}`);
      say(
        ['missing'],
        () => (f.toSelect === 0 ? `待检测 ${f.missing} 批` : `还差 ${f.missing} 批`),
        () => f.missing > 0,
      );
      used.add('toSelect'); // worded with `missing`; reports frozen before it have none
      break;
    case 'positivesHandled':
      say(['positives'], () => `阳性 ${f.positives} 批`);
      say(['destroyed'], () => `已销毁 ${f.destroyed} 批`);
      say(['released'], () => `已解除扣留 ${f.released} 批`);
      say(
        ['held'],
        () => `${f.held} 批阳性批次扣留未处置`,
        () => f.held > 0,
      );
      say(
        ['selling'],
        () => `${f.selling} 批阳性批次仍在销售`,
        () => f.selling > 0,
      );
      break;
    case 'disposalEvidence':
      say(['disposals'], () => `销毁 ${f.disposals} 次`);
      say(
        ['evidenceMissing'],
        () => `${f.evidenceMissing} 次粉碎未检测到粉碎机运行`,
        () => f.evidenceMissing > 0,
      );
      say(
        ['certificateMissing'],
        () => `${f.certificateMissing} 次没有销毁证明`,
        () => f.certificateMissing > 0,
      );
      break;
    case 'uploaded':
      say(
        ['backlog'],
        () => `${f.backlog} 条待上传`,
        () => f.backlog > 0,
      );
      say(
        ['deadLetters'],
        () => `${f.deadLetters} 条被平台拒收`,
        () => f.deadLetters > 0,
      );
      break;
  }
  for (const [k, v] of Object.entries(f)) if (!used.has(k)) parts.push(`${FIGURE_WORDS[k] ?? k} ${v}`);
  if (parts.length === 0) parts.push(met ? '全部符合' : '有不符合的记录');
  return parts.join('，');
}

/** Names of figures a sentence did not word itself. */
const FIGURE_WORDS: Record<string, string> = { lots: '批次', missing: '缺少', rate: '比例', target: '目标' };

/** Sheet names (Excel: at most 31 characters, none of []:*?/\) and section headings. */
export const SECTION = {
  summary: '概况',
  rules: '达标',
  byCategory: '品类',
  byVariety: '品种',
  bySupplier: '供应商',
  byOrigin: '产地',
  byStall: '摊位',
  byOperator: '操作员',
  byHour: '分时段',
  rejected: '拒收原因',
  overrides: '人工改判',
  certificates: '合格证',
  nearLimit: '临近限量的合格证',
  positives: '阳性批次',
  disposals: '销毁记录',
  counter: '摊位分装销售',
  recalls: '进行中的召回',
  gateFlow: '进出场',
} as const;

export const COLUMN = {
  item: '项目',
  value: '数值',
  unit: '单位',
  rule: '规则',
  result: '结果',
  explanation: '说明',
  lotsInvolved: '涉及批次',
  name: '名称',
  lots: '批次',
  kg: '重量（公斤）',
  piece: '件',
  head: '头',
  box: '箱',
  hour: '时段（时）',
  reportLotsSoFar: '累计有报告批次',
  sampledSoFar: '累计已抽检',
  targetSoFar: '累计应抽检',
  reason: '原因',
  code: '追溯码',
  from: '原结论',
  to: '改为',
  by: '操作人',
  at: '时间',
  certificateType: '合格证类型',
  certificateNumber: '证号',
  quantity: '证上数量',
  used: '已用',
  usedShare: '使用比例',
  testItem: '检测项目',
  testedAt: '检测时间',
  outcome: '处置',
  method: '方式',
  evidence: '粉碎记录',
  stall: '摊位',
  childCodes: '子码数',
  soldKg: '售出重量（公斤）',
  recallNumber: '召回单号',
  recallScope: '召回范围',
  startedAt: '发起时间',
  openLots: '待追回批次',
  recallLots: '受影响批次',
  day: '市场日',
  lotsIn: '入场批次',
  kgIn: '入场重量（公斤）',
  lotsOut: '出场批次',
  kgOut: '出场重量（公斤）',
  exitExceptions: '出口异常',
} as const;

/** The summary sheet's rows (key figures). */
export const FIGURE = {
  market: '市场',
  station: '站点',
  range: '日期范围',
  dayStart: '市场日开始',
  generatedAt: '生成时间',
  lotsIn: '入场批次',
  kgIn: '入场重量',
  pieceIn: '入场件数',
  headIn: '入场头数',
  boxIn: '入场箱数',
  admitted: '准入',
  awaitingTest: '待检',
  rejected: '拒收',
  overrides: '人工改判',
  withoutCertificate: '无合格证批次',
  noReportLots: '无检测报告批次',
  noReportTested: '其中已检测',
  withReportLots: '有检测报告批次',
  sampled: '其中已抽检',
  sampledRate: '抽检比例',
  targetRate: '目标抽检比例',
  tests: '检测次数',
  invalidRuns: '无效检测',
  positives: '阳性批次',
  disposals: '销毁次数',
  disposedKg: '销毁重量',
  evidenceMissing: '粉碎无运行记录',
  childCodes: '分装子码',
  backlog: '待上传',
  deadLetters: '被平台拒收',
  lastUpload: '最近上传成功',
  openRecalls: '进行中的召回',
  recallsStarted: '发起召回',
  recallsClosed: '结束召回',
  recallsLifted: '解除召回',
  lotsOut: '出场批次',
  exitExceptions: '出口异常',
} as const;

export const PDF = {
  title: '食用农产品入场日报',
  rules: '一、工作方案规则达标情况',
  figures: '二、主要数据',
  charts: '三、图表',
  details: '四、明细',
  chartByHour: '每小时入场批次',
  chartVerdicts: '入场结论',
  chartCategories: '品类（批次）',
  chartSampling: '抽检进度与目标',
  seriesSampled: '累计已抽检',
  seriesTarget: '目标',
  page: (i: number, n: number) => `第 ${i} 页 / 共 ${n} 页`,
  generatedAt: '生成时间',
  rangeText: (from: string, to: string) => (from === to ? from : `${from} 至 ${to}`),
  dayStartText: (t: string) => `市场日自 ${t} 起`,
  none: '无',
} as const;

/** A lot's state now, as the 台账 screen says it. */
export const STATUS_WORDS: Record<LotStatus, string> = {
  admitted: '已准入',
  awaitingTest: '待检',
  held: '扣留',
  rejected: '已拒收',
  recalled: '已召回',
  destroyed: '已销毁',
  exhausted: '已售罄',
};

export const TEST_VERDICT_WORDS = { negative: '阴性', positive: '阳性', invalid: '无效' } as const;

/** The 台账 export: its sheet, file name and column heads (the screen's words). */
export const LEDGER = {
  sheet: '台账',
  time: '入场时间',
  code: '追溯码',
  outcome: '入场结论',
  overridden: '人工改判',
  status: '当前状态',
  supplier: '供应商',
  variety: '品种',
  quantity: '数量',
  unit: '单位',
  certificates: '凭证',
  tests: '检测次数',
  lastVerdict: '最近检测结论',
  stall: '摊位',
  operator: '操作员',
} as const;

/** 召回: the words of the recall's files (the recall screens' zh-CN words). */
export const RECALL_SOURCE_WORDS: Record<RecallSource, string> = {
  regulatorNotice: '监管部门通知',
  supplierNotice: '供应商通知',
  ownTest: '本市场检测',
  complaint: '投诉',
  other: '其他',
};

export const RECALL_PROGRESS_WORDS: Record<RecallProgress, string> = {
  open: '待追回',
  retrieved: '已追回',
  destroyed: '已销毁',
  notRecoverable: '无法追回',
  nothingLeft: '无剩余',
};

export const RECALL_STATUS_WORDS = { open: '进行中', closed: '已结束', lifted: '已解除' } as const;

export const RECALL_SCOPE_WORDS: Record<RecallScopeView['kind'], string> = {
  lot: '批次及其分装',
  supplier: '供应商',
  certificate: '合格证',
  gtinBatch: '商品条码及批号',
};

export const RECALL = {
  fileName: 'recall',
  sheetLots: '受影响批次',
  sheetInfo: '召回信息',
  sheetOrigins: '来源',
  depth: '层级',
  code: '追溯码',
  parentCode: '上级追溯码',
  variety: '品种',
  supplier: '供应商',
  quantity: '数量',
  unit: '单位',
  onHand: '在手',
  sold: '已售',
  writtenOff: '核销',
  stall: '摊位',
  buyer: '买方',
  buyerPhone: '买方电话',
  buyerUscc: '买方统一社会信用代码',
  soldAt: '售出时间',
  soldBy: '售出人',
  price: '金额（元）',
  status: '当前状态',
  priorStatus: '召回前状态',
  progress: '进度',
  progressBy: '标记人',
  progressAt: '标记时间',
  note: '备注',
  number: '召回单号',
  recallStatus: '召回状态',
  reason: '召回原因',
  source: '召回来源',
  sourceRef: '通知文号',
  scope: '召回范围',
  scopeKind: '范围类型',
  range: '日期范围',
  createdAt: '发起时间',
  createdBy: '发起人',
  closedAt: '结束时间',
  closedBy: '结束人',
  liftedAt: '解除时间',
  liftedBy: '解除人',
  liftReason: '解除原因',
  lots: '受影响批次',
  market: '市场',
  station: '站点',
  enteredAt: '入场时间',
  uscc: '统一社会信用代码',
  contact: '联系方式',
  origin: '产地',
  certificates: '凭证',
  verdict: '入场结论',
  overridden: '人工改判',
  tests: '检测',
  photo: '有照片',
  title: '召回通知清单',
  infoHeading: '一、召回信息',
  lotsHeading: '二、受影响批次及去向',
  originsHeading: '三、来源',
  whereabouts: '去向',
  counts: '批次进度',
  quantities: '数量',
  countsText: (c: { lots: number; open: number; retrieved: number; destroyed: number; notRecoverable: number; nothingLeft: number }) =>
    `共 ${c.lots} 批：待追回 ${c.open}，已追回 ${c.retrieved}，已销毁 ${c.destroyed}，无法追回 ${c.notRecoverable}，无剩余 ${c.nothingLeft}`,
  atStall: (stall: string) => `在摊位 ${stall}`,
  signature: '市场负责人（签字）：                    日期：',
  none: '无',
} as const;
