import { useTranslation } from 'react-i18next';
import { CERTIFICATE_TYPES, UNITS, type CertificateType, type Unit } from '../../../../shared/contract';
import { CertificatePhoto } from './CertificatePhoto';
import type { CertificateDraft } from './delivery';

interface CertificateRowProps {
  index: number;
  certificate: CertificateDraft;
  onChange(certificate: CertificateDraft): void;
  onRemove(): void;
}

export function CertificateRow({ index, certificate: c, onChange, onRemove }: CertificateRowProps) {
  const { t } = useTranslation();
  const set = (patch: Partial<CertificateDraft>) => onChange({ ...c, ...patch });
  return (
    <fieldset className="cert-row" data-testid="certificate-row">
      <legend>
        {index + 1}. {t(`certType.${c.type}`)}
      </legend>
      <label className="span-3">
        {t('receiving.certType')}
        <select value={c.type} onChange={(e) => set({ type: e.target.value as CertificateType })} data-testid="cert-type">
          {CERTIFICATE_TYPES.map((type) => (
            <option key={type} value={type}>
              {t(`certType.${type}`)}
            </option>
          ))}
        </select>
      </label>
      <label className="span-3">
        {t('receiving.certNumber')}
        <input value={c.number} maxLength={64} onChange={(e) => set({ number: e.target.value })} data-testid="cert-number" />
      </label>
      <label className="span-2">
        {t('receiving.certIssuer')}
        <input value={c.issuer} maxLength={100} onChange={(e) => set({ issuer: e.target.value })} data-testid="cert-issuer" />
      </label>
      <label className="span-2">
        {t('receiving.certIssueDate')}
        <input type="date" value={c.issueDate} onChange={(e) => set({ issueDate: e.target.value })} data-testid="cert-issue-date" />
      </label>
      <label className="span-2">
        {t('receiving.certValidUntil')}
        <input type="date" value={c.validUntil} onChange={(e) => set({ validUntil: e.target.value })} data-testid="cert-valid-until" />
      </label>
      <label>
        {t('receiving.certQuantity')}
        <input inputMode="decimal" value={c.quantity} onChange={(e) => set({ quantity: e.target.value })} data-testid="cert-quantity" />
      </label>
      <label>
        {t('receiving.certUnit')}
        <select value={c.unit} onChange={(e) => set({ unit: e.target.value as Unit | '' })} data-testid="cert-unit">
          <option value="">{t('common.none')}</option>
          {UNITS.map((unit) => (
            <option key={unit} value={unit}>
              {t(`unit.${unit}`)}
            </option>
          ))}
        </select>
      </label>
      <CertificatePhoto photo={c.photo} onChange={(photo) => set({ photo })} />
      <button type="button" className="danger small cert-row-remove" onClick={onRemove} data-testid="cert-remove">
        {t('common.remove')}
      </button>
    </fieldset>
  );
}
