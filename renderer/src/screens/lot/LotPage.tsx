import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LotDossier } from '../../../../shared/contract';
import { codeLabel } from '../../../../shared/domain/codeLabel';
import { useStation } from '../../api';
import { StatusChip } from '../../components/StatusChip';
import { zoneText } from '../../components/zoneText';
import { amountText, groupedCode } from '../../format/codeText';
import { errorText } from '../../i18n';
import { DisposalSection, UploadsSection } from './DisposalSection';
import { CertificatesSection, EntrySection } from './EntrySection';
import { RecallsSection } from './RecallsSection';
import { SplitsSection } from './SplitsSection';
import { TestingSection } from './TestingSection';
import './lot.css';
import { CodeText } from '../../components/CodeText';

type Loaded = { kind: 'loading' } | { kind: 'shown'; dossier: LotDossier } | { kind: 'problem'; message: string };

/**
 * 批次档案: everything the station recorded about one lot, read fresh each time it opens. A drawer
 * over the screen that opened it; Esc or 关闭 closes it, a parent or portion opens in its place.
 */
export function LotPage({ lotId, onClose, onMove, onBack }: { lotId: string; onClose(): void; onMove(lotId: string): void; onBack?: () => void }) {
  const { t } = useTranslation();
  const { client } = useStation();
  const [state, setState] = useState<Loaded>({ kind: 'loading' });

  useEffect(() => {
    let live = true;
    client.call('getLotDossier', { lotId }).then(
      (dossier) => live && setState({ kind: 'shown', dossier }),
      (error) => live && setState({ kind: 'problem', message: errorText(t, error) }),
    );
    return () => {
      live = false;
    };
  }, [client, lotId, t]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && onClose();
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);

  const dossier = state.kind === 'shown' ? state.dossier : null;
  const lot = dossier?.view.lot;
  return (
    <div className="lot-page-backdrop" onClick={onClose} data-testid="lot-page-backdrop">
      <aside
        className="lot-page"
        role="dialog"
        aria-modal="true"
        aria-label={t('ledger.lot.title')}
        onClick={(e) => e.stopPropagation()}
        data-testid="lot-page"
        data-lot={lotId}
        data-state={state.kind}
      >
        <header className="lot-page-header">
          {onBack && (
            <button type="button" className="secondary" onClick={onBack} data-testid="lot-page-back">
              {t('ledger.lot.back')}
            </button>
          )}
          <h2>{t('ledger.lot.title')}</h2>
          <button type="button" className="secondary" onClick={onClose} data-testid="lot-page-close">
            {t('ledger.lot.close')}
          </button>
        </header>
        {state.kind === 'loading' && <p className="muted">{t('ledger.lot.loading')}</p>}
        {state.kind === 'problem' && (
          <p className="form-message" role="alert" data-testid="lot-page-problem">
            {state.message}
          </p>
        )}
        {dossier && lot && (
          <>
            <section className="lot-page-summary">
              <div className="code-cell lot-page-code" data-testid="lot-page-code" data-code={lot.codeKey}>
                <CodeText code={groupedCode(codeLabel(lot.codeKey))} />
              </div>
              <StatusChip status={lot.status} testId="lot-page-status" />
              <div>
                {dossier.view.variety.name} · {dossier.view.supplier.name} · {amountText(lot.quantity, lot.unit)} {t(`unit.${lot.unit}`)}
                {dossier.view.stall && ` · ${dossier.view.stall.name}`}
              </div>
              <div data-testid="lot-page-zone" data-zone={lot.zone}>
                {t('exit.zone')}：{zoneText(t, lot)}
              </div>
              {dossier.departure && (
                <div data-testid="lot-page-departure">
                  {[
                    t('exit.departure.line', { at: dossier.departure.at.slice(0, 16).replace('T', ' '), by: dossier.departure.by }),
                    dossier.departure.vehicle && t('exit.departure.vehicle', { vehicle: dossier.departure.vehicle }),
                    dossier.departure.buyer && t('exit.departure.buyer', { buyer: dossier.departure.buyer }),
                  ]
                    .filter(Boolean)
                    .join(' · ')}
                </div>
              )}
              {lot.status !== 'destroyed' && dossier.splits.length > 0 && (
                <div className="muted">{t('ledger.lot.remaining', { quantity: amountText(dossier.view.remaining, lot.unit), unit: t(`unit.${lot.unit}`) })}</div>
              )}
            </section>
            <RecallsSection dossier={dossier} onClose={onClose} />
            <EntrySection dossier={dossier} />
            <CertificatesSection dossier={dossier} />
            <TestingSection dossier={dossier} onMove={onMove} />
            <SplitsSection dossier={dossier} onMove={onMove} />
            <DisposalSection dossier={dossier} onMove={onMove} />
            <UploadsSection dossier={dossier} />
          </>
        )}
      </aside>
    </div>
  );
}
