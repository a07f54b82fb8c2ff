import { useTranslation } from 'react-i18next';
import type { LineageNode } from '../../../../shared/contract';
import { amountText, groupedCode } from '../../format/codeText';
import { StatusChip } from '../../components/StatusChip';
import { CodeText } from '../../components/CodeText';

interface LotNodeListProps {
  nodes: LineageNode[];
  rowTestId: string;
  /** The code just issued: its row is highlighted. */
  highlight?: string;
  /** Makes each code a button, e.g. to drill down the lineage. */
  onPick?(node: LineageNode): void;
}

/** Lots of one lineage (a lot's children or its ancestors), one row each. */
export function LotNodeList({ nodes, rowTestId, highlight, onPick }: LotNodeListProps) {
  const { t } = useTranslation();
  return (
    <table className="lot-nodes">
      <thead>
        <tr>
          <th>{t('counter.code')}</th>
          <th>{t('counter.quantity')}</th>
          <th>{t('counter.buyerColumn')}</th>
          <th>{t('counter.time')}</th>
          <th>{t('counter.status')}</th>
        </tr>
      </thead>
      <tbody>
        {nodes.map((n) => (
          <tr key={n.lotId} className={n.code === highlight ? 'lot-node-new' : undefined} data-testid={rowTestId} data-code={n.code} data-new={n.code === highlight}>
            <td className="code-cell">
              {onPick ? (
                <button type="button" className="link-button" onClick={() => onPick(n)}>
                  <CodeText code={groupedCode(n.code)} />
                </button>
              ) : (
                <CodeText code={groupedCode(n.code)} />
              )}
            </td>
            <td>
              {amountText(n.quantity, n.unit)} {t(`unit.${n.unit}`)}
            </td>
            <td>{n.buyerName ?? (n.sold ? t('counter.anonymousBuyer') : t('common.none'))}</td>
            {/* Local ISO time as stored: "2026-11-25T10:12:33+08:00" → "11-25 10:12". */}
            <td>{n.createdAt.slice(5, 16).replace('T', ' ')}</td>
            <td>
              <StatusChip status={n.status} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
