import { useEffect, useState } from 'react';
import { errorText } from '../../i18n';
import { useTranslation } from 'react-i18next';
import type { Settings } from '../../../../shared/contract';
import { useStation } from '../../api';
import { useApiAction } from '../../components/useApiAction';

/** 销售范围: vendors sell their stall's lots, or (a single-stall shop) any lot. */
export function SellingSetting() {
  const { t } = useTranslation();
  const { client } = useStation();
  const [settings, setSettings] = useState<Settings | null>(null);
  const { notice, run, fail, succeed } = useApiAction((error) => errorText(t, error));
  const message = notice?.text ?? '';

  useEffect(() => {
    client.call('getSettings', {}).then(setSettings, (error) => fail(errorText(t, error)));
  }, [client, t, fail]);

  async function choose(marketWide: boolean) {
    if (!settings || settings.selling.marketWide === marketWide) return;
    await run(async () => {
      setSettings(await client.call('saveSettings', { ...settings, selling: { marketWide } }));
      succeed(t('masterData.selling.saved'));
    });
  }

  const options = [
    { marketWide: false, label: t('masterData.selling.own'), hint: t('masterData.selling.ownHint') },
    { marketWide: true, label: t('masterData.selling.marketWide'), hint: t('masterData.selling.marketWideHint') },
  ];
  return (
    <section className="card selling" data-testid="selling-setting" data-market-wide={settings?.selling.marketWide}>
      <h2>{t('masterData.selling.title')}</h2>
      <div className="selling-options" role="group" aria-label={t('masterData.selling.title')}>
        {options.map((o) => (
          <button
            key={String(o.marketWide)}
            type="button"
            className={`segment selling-option ${settings?.selling.marketWide === o.marketWide ? 'segment-on' : ''}`}
            aria-pressed={settings?.selling.marketWide === o.marketWide}
            disabled={!settings}
            onClick={() => void choose(o.marketWide)}
            data-testid={`selling-${o.marketWide ? 'market' : 'stall'}`}
          >
            <span>{o.label}</span>
            <span className="selling-hint">{o.hint}</span>
          </button>
        ))}
      </div>
      {message && (
        <p className="muted" role="status" data-testid="selling-message">
          {message}
        </p>
      )}
    </section>
  );
}
