import type { RecallDetail, RecallLot } from '../../../shared/contract';
import { A4, wallClock } from '../../documents/pdfText';
import type { ReportHeading } from './dayReportTables';
import { MARGIN_X, openA4Export } from './pdfLayout';
import { certificatesText, testsText, whereabouts } from './recallTables';
import { OUTCOME_WORDS, PDF, RECALL, RECALL_PROGRESS_WORDS, RECALL_SCOPE_WORDS, RECALL_SOURCE_WORDS, RECALL_STATUS_WORDS, UNIT_WORDS } from './words';

/** Times to the minute: the notice is read on paper, seconds only take room. */
const minute = (iso: string | null) => (iso ? wallClock(iso).slice(0, 16) : '—');
const qty = (n: number) => String(Number(n.toFixed(3)));
/** A lot split from another, under it: one full-width space per level and a corner. */
const treeCode = (l: RecallLot) => (l.depth > 0 ? `${'　'.repeat(l.depth - 1)}└ ${l.code}` : l.code);

/**
 * 召回通知清单: the affected list as a printable A4 PDF in Chinese — title with the market and the
 * recall's number; reason, source and notice number, scope, counts; every affected lot in tree
 * order with where its goods are (the stall, or the buyer with their phone) and its progress; the
 * lots it started from; a line to sign. Tables break across pages under a repeated header row;
 * every page is numbered.
 */
export async function recallPdf(detail: RecallDetail, heading: ReportHeading, options: { fontPath?: string; generatedAt?: string } = {}): Promise<Uint8Array> {
  const { recall: r, lots, origins } = detail;
  const { doc, ts, c, flow, centred } = await openA4Export({ ...options, title: `${RECALL.title} ${heading.marketName} ${r.number}` });
  centred(RECALL.title, 18, c.text, true);
  centred(`${heading.marketName} · ${RECALL.number} ${r.number}`, 11);
  if (options.generatedAt) centred(`${RECALL_STATUS_WORDS[r.status]}  ${PDF.generatedAt} ${minute(options.generatedAt)}`, 9, c.gray);

  const ended =
    r.status === 'closed'
      ? `${RECALL.closedAt} ${minute(r.closedAt)} ${r.closedByName ?? ''}`
      : r.status === 'lifted'
        ? `${RECALL.liftedAt} ${minute(r.liftedAt)} ${r.liftedByName ?? ''}，${RECALL.liftReason}：${r.liftReason ?? ''}`
        : RECALL_STATUS_WORDS.open;
  const info: [string, string][] = [
    [RECALL.reason, r.reason],
    [RECALL.source, `${RECALL_SOURCE_WORDS[r.source]}${r.sourceRef ? `  ${RECALL.sourceRef}：${r.sourceRef}` : ''}`],
    [RECALL.scope, `${RECALL_SCOPE_WORDS[r.scope.kind]}：${r.scope.label}${r.scope.range ? `（${PDF.rangeText(r.scope.range.from, r.scope.range.to)}）` : ''}`],
    [RECALL.createdAt, `${minute(r.createdAt)} ${r.createdByName}`],
    [RECALL.recallStatus, ended],
    [RECALL.counts, RECALL.countsText(r.counts)],
    [RECALL.quantities, r.quantities.map((q) => `${RECALL.onHand} ${qty(q.onHand)} ${UNIT_WORDS[q.unit]}，${RECALL.sold} ${qty(q.sold)} ${UNIT_WORDS[q.unit]}`).join('；') || PDF.none],
  ];
  flow.heading(RECALL.infoHeading);
  flow.table(
    [
      { header: '项目', width: 0.16 },
      { header: '内容', width: 0.84 },
    ],
    info,
  );

  flow.heading(RECALL.lotsHeading);
  const lotHeads = [RECALL.code, RECALL.variety, RECALL.quantity, RECALL.onHand, RECALL.sold, RECALL.whereabouts, RECALL.soldAt, RECALL.progress];
  const lotCells = lots.map((l) => [
    treeCode(l),
    l.variety,
    `${qty(l.quantity)} ${UNIT_WORDS[l.unit]}`,
    qty(l.onHand),
    qty(l.sold),
    whereabouts(l),
    l.sale ? minute(l.sale.at) : '—',
    RECALL_PROGRESS_WORDS[l.progress],
  ]);
  if (lotCells.length === 0) flow.text(PDF.none, 9, c.gray);
  else {
    // Codes and figures whole; names, buyers and times wrap.
    const shares = flow.fitColumns(lotHeads, lotCells, [false, true, false, false, false, true, true, false]);
    flow.table(
      lotHeads.map((header, i) => ({ header, width: shares[i], align: i >= 2 && i <= 4 ? 'right' : 'left' })),
      lotCells,
      (row, col) => (col === 7 && lots[row].progress === 'open' ? c.red : undefined),
    );
  }

  flow.heading(RECALL.originsHeading);
  // Four columns, each cell a few lines: seven would leave each a few characters wide.
  const originCells = origins.map((o) => [
    `${o.code}\n${RECALL.enteredAt} ${minute(o.enteredAt)}\n${RECALL.verdict} ${OUTCOME_WORDS[o.verdict]}${o.overridden ? `（${RECALL.overridden}）` : ''}`,
    `${o.supplier.name}${o.supplier.uscc ? `\n${o.supplier.uscc}` : ''}${o.supplier.contact ? `\n${o.supplier.contact}` : ''}`,
    `${RECALL.origin}：${o.origin ?? '—'}\n${certificatesText(o) || `${RECALL.certificates}：${PDF.none}`}`,
    testsText(o) || PDF.none,
  ]);
  if (originCells.length === 0) flow.text(PDF.none, 9, c.gray);
  else
    flow.table(
      [
        { header: `${RECALL.code} / ${RECALL.enteredAt}`, width: 0.31 },
        { header: RECALL.supplier, width: 0.23 },
        { header: `${RECALL.origin} / ${RECALL.certificates}`, width: 0.28 },
        { header: RECALL.tests, width: 0.18 },
      ],
      originCells,
    );

  flow.ensure(40);
  flow.y -= 20;
  flow.text(RECALL.signature, 10);

  const pages = doc.getPages();
  for (const [i, page] of pages.entries()) {
    const footer = PDF.page(i + 1, pages.length);
    ts.draw(page, footer, (A4[0] - ts.width(footer, 8)) / 2, 30, 8, c.gray);
    ts.draw(page, `${heading.marketName} ${RECALL.number} ${r.number}`, MARGIN_X, 30, 8, c.gray);
  }
  return doc.save();
}
