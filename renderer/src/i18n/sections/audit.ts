import type { Messages } from '../zh-CN';

/** The 审计 screen (audit chain verification); English must have the same keys. */
export const auditZh = {
  title: '审计核验',
  hint: '每一次状态变更（准入、改判、扣留、放行、检测、分装、销毁、操作员、主体、设置……）都按顺序记入审计链，每条记录带有上一条的哈希。核验逐条检查整条链，并核对每个批次的当前状态与其最后一条审计记录是否一致。',
  run: '开始核验',
  running: '正在核验…',
  ok: '审计链完整',
  okDetail: '共 {{entries}} 条记录，{{lots}} 个批次的状态与记录一致',
  head: '链头：第 {{seq}} 条 · {{hash}}',
  broken: '审计链被改动',
  brokenDetail: '{{entries}} 条记录核验无误，问题从下面这一条开始：',
  kind: {
    edited: '第 {{seq}} 条记录被修改（内容与其哈希不符，或不再接在上一条之后）',
    deleted: '第 {{seq}} 条记录被删除（序号在此中断）',
    reordered: '第 {{seq}} 条记录被挪动：这里放的是原第 {{movedFrom}} 条',
    truncated: '从第 {{seq}} 条起的记录被截掉（链头记录仍指向更后面）',
    headMismatch: '链头记录与第 {{seq}} 条不符（链头被改动，或有记录绕过了本站写入）',
    lotStatus: '批次 {{code}} 的状态在本站之外被改动：最后一条审计记录（第 {{seq}} 条）为“{{recorded}}”，现在为“{{found}}”',
    lotUnrecorded: '批次 {{code}}（现为“{{found}}”）没有任何审计记录：它不是本站写入的',
  },
  entry: '该条记录：{{at}} · {{operator}} · {{action}} · {{subject}}',
  station: '本站',
  limit: '能拿到数据库文件的人可以重写整条链；每日日结签署链头后，这类改写也能被发现。',
} as const;

export const auditEn: Messages['audit'] = {
  title: 'Audit check',
  hint: 'Every change of state (admission, override, hold, release, test, split, disposal, operators, subjects, settings…) is written to the audit chain in order, each entry carrying the hash of the one before. The check walks the whole chain and compares every lot’s current status with its last audit entry.',
  run: 'Check now',
  running: 'Checking…',
  ok: 'Audit chain intact',
  okDetail: '{{entries}} entries; the status of {{lots}} lots matches the record',
  head: 'Chain head: entry {{seq}} · {{hash}}',
  broken: 'The audit chain was tampered with',
  brokenDetail: '{{entries}} entries check out; the problem starts here:',
  kind: {
    edited: 'Entry {{seq}} was edited (its content no longer gives its hash, or it no longer follows the entry before it)',
    deleted: 'Entry {{seq}} was deleted (the numbering breaks here)',
    reordered: 'Entry {{seq}} was moved: it holds what was entry {{movedFrom}}',
    truncated: 'Entries from {{seq}} on were cut off (the recorded head points further on)',
    headMismatch: 'The recorded head does not match entry {{seq}} (the head was edited, or entries were written around the station)',
    lotStatus: 'Lot {{code}} was changed outside the station: its last audit entry ({{seq}}) says “{{recorded}}”, it is now “{{found}}”',
    lotUnrecorded: 'Lot {{code}} (now “{{found}}”) has no audit entry at all: the station did not write it',
  },
  entry: 'That entry: {{at}} · {{operator}} · {{action}} · {{subject}}',
  station: 'station',
  limit: 'Someone with the database file can rewrite the whole chain; once the daily close signs the chain head, that is detected too.',
};
