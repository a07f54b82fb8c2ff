import { useTranslation } from 'react-i18next';
import type { RecallOrigin } from '../../../../shared/contract';
import { codeLabel } from '../../../../shared/domain/codeLabel';
import { VERDICT_COLOURS } from '../../feedback';
import { amountText } from '../../format/codeText';
import { CertificatePhoto } from '../lot/EntrySection';
import { useLotPage } from '../lot/LotPageContext';
import { timeText } from '../lot/time';
import { CodeText } from '../../components/CodeText';

/** 源头可溯: each lot the recall started from — supplier and USCC, origin, papers with photos, entry verdict, tests. */
export function RecallOrigins({ origins }: { origins: readonly RecallOrigin[] }) {
  const { t } = useTranslation();
  return (
    <section className="recall-origins" data-testid="recall-origins" data-count={origins.length}>
      <h3>{t('recall.page.origins')}</h3>
      {origins.length === 0 && <p className="muted">{t('recall.page.noOrigins')}</p>}
      {origins.map((o) => (
        <OriginCard key={o.lotId} origin={o} />
      ))}
    </section>
  );
}

function OriginCard({ origin: o }: { origin: RecallOrigin }) {
  const { t, i18n } = useTranslation();
  const lotPage = useLotPage();
  const colours = VERDICT_COLOURS[o.verdict];
  return (
    <article className="lot-page-section recall-origin" data-testid="recall-origin" data-lot={o.lotId}>
      <p>
        {lotPage.available ? (
          <button type="button" className="link-button code-cell" onClick={() => lotPage.open(o.lotId)} data-testid="recall-origin-open">
            <CodeText code={codeLabel(o.code)} />
          </button>
        ) : (
          <span className="code-cell">
            <CodeText code={codeLabel(o.code)} />
          </span>
        )}{' '}
        · {t('recall.origin.entered', { at: timeText(o.enteredAt) })} · {t('recall.origin.goods', { variety: o.variety, quantity: amountText(o.quantity, o.unit), unit: t(`unit.${o.unit}`) })}
      </p>
      <p data-testid="recall-origin-supplier">
        {t('recall.origin.supplier', { name: o.supplier.name })}
        {o.supplier.uscc && ` · ${t('recall.origin.uscc', { uscc: o.supplier.uscc })}`}
        {o.supplier.contact && ` · ${t('recall.origin.contact', { contact: o.supplier.contact })}`}
      </p>
      <p>{o.origin ? t('recall.origin.origin', { origin: o.origin }) : <span className="muted">{t('recall.origin.noOrigin')}</span>}</p>
      <p>
        {t('recall.origin.verdict')}{' '}
        <span className="outcome-chip" style={{ background: colours.background, color: colours.text }} data-testid="recall-origin-verdict" data-outcome={o.verdict}>
          {t(`outcome.${o.verdict}`)}
        </span>
        {o.overridden && t('recall.origin.overridden')}
      </p>
      {o.certificates.length > 0 && (
        <ul>
          {o.certificates.map((c) => (
            <li key={c.id} data-testid="recall-origin-certificate" data-number={c.number}>
              {t('recall.origin.certificate', { type: t(`certType.${c.type}`), number: c.number })}
              {c.issuer && t('recall.origin.issuer', { issuer: c.issuer })}
              {c.hasPhoto && <CertificatePhoto lotId={o.lotId} certificateId={c.id} testId="recall-origin-photo" />}
            </li>
          ))}
        </ul>
      )}
      <h4>{t('recall.origin.tests')}</h4>
      {o.tests.length === 0 ? (
        <p className="muted">{t('recall.origin.noTests')}</p>
      ) : (
        <ul>
          {o.tests.map((test) => (
            <li key={`${test.at}-${test.itemName.zh}`} data-testid="recall-origin-test" data-verdict={test.verdict}>
              {t('recall.origin.test', { at: timeText(test.at), item: i18n.language === 'en' ? test.itemName.en : test.itemName.zh, verdict: t(`testing.verdict.${test.verdict}`) })}
            </li>
          ))}
        </ul>
      )}
    </article>
  );
}
