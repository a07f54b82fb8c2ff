import type { LotStatus } from '../contract';

/**
 * What a label says to a buyer with no data connection about where the food comes from and how it
 * was tested (docs/label-payload.md, "Printed facts"). Read from the lot's records when the label
 * is printed, not when it was queued: a crate label reprinted after its test says 合格.
 */

export interface CertificateIssuer {
  type: string;
  issuer: string;
}

/**
 * 产地 as the station reads it everywhere (日报, 召回): the issuer of the lot's origin exit voucher
 * (产地准出凭证), else of its quarantine certificate; none without either.
 */
export function originOf(certificates: readonly CertificateIssuer[]): string | undefined {
  return (certificates.find((c) => c.type === 'originExit') ?? certificates.find((c) => c.type === 'quarantine'))?.issuer;
}

export interface TestVerdict {
  itemId: string;
  verdict: 'negative' | 'positive' | 'invalid';
}

export type TestResultWord = '合格' | '不合格' | '待检' | '未抽检';

/**
 * 检测 on the label, from the rapid tests of the lot and of every lot it was split from, oldest
 * first: for each test item its latest valid verdict counts (a retest after an invalid strip or a
 * released hold decides). A positive anywhere → 不合格 (such a lot is held and its label never
 * prints; the word is there for a hold released by hand). A lot waiting in 待检区 with no result
 * yet → 待检. No valid test at all → 未抽检: most lots enter on their certificates and are not drawn.
 */
export function testResultWord(status: LotStatus, tests: readonly TestVerdict[]): TestResultWord {
  const latest = new Map<string, TestVerdict['verdict']>();
  for (const t of tests) if (t.verdict !== 'invalid') latest.set(t.itemId, t.verdict);
  const verdicts = [...latest.values()];
  if (verdicts.includes('positive')) return '不合格';
  if (status === 'awaitingTest') return '待检';
  return verdicts.length ? '合格' : '未抽检';
}
