import { Fragment, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Lot } from '../../../shared/contract';
import { PRODUCT_DATE_FIELDS, dateStanding, daysUntil, type DateStanding, type ProductDateKind } from '../../../shared/domain/productDates';
import { DEFAULT_SETTINGS } from '../../../shared/domain/settings';
import { useStation } from '../api';
import { daysLeftText } from '../i18n';
import './productDates.css';

/** In the order printed on a label: made, best before, sell by, use by. */
const SHOWN: ReadonlyArray<'production' | ProductDateKind> = ['production', 'bestBefore', 'sellBy', 'expiry'];

/** This PC's calendar day, YYYY-MM-DD: the day the station judges dates by. */
function localDay(now = new Date()): string {
  return new Date(now.getTime() - now.getTimezoneOffset() * 60_000).toISOString().slice(0, 10);
}

/** The station's warning window; the default until the settings have loaded. */
function useWarnDays(): number {
  const { client } = useStation();
  const [warnDays, setWarnDays] = useState(DEFAULT_SETTINGS.expiry.warnDays);
  useEffect(() => {
    let live = true;
    client.call('getSettings', {}).then(
      (s) => {
        if (live) setWarnDays(s.expiry.warnDays);
      },
      // Unreadable settings keep the default window: the dates still show.
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [client]);
  return warnDays;
}

/**
 * The lot's printed dates as `<dt>/<dd>` pairs for a fact list (verdict, counter, 追溯), each end
 * date marked 已过期 or 临期 against today, so staff see it whatever the lot's status says.
 */
export function ProductDates({ lot }: { lot: Lot }) {
  const { t } = useTranslation();
  const warnDays = useWarnDays();
  const today = localDay();
  return (
    <>
      {SHOWN.map((kind) => {
        const date = kind === 'production' ? lot.productionDate : lot[PRODUCT_DATE_FIELDS[kind]];
        if (!date) return null;
        const standing: DateStanding = kind === 'production' ? 'ok' : dateStanding(date, today, warnDays);
        return (
          <Fragment key={kind}>
            <dt>{t(`productDate.${kind}`)}</dt>
            <dd data-testid={`product-date-${kind}`} data-standing={standing}>
              <span className={`product-date product-date-${standing}`}>
                {date}
                {standing === 'past' && ` · ${t('productDate.past')}`}
                {standing === 'soon' && ` · ${daysLeftText(t, daysUntil(date, today))}`}
              </span>
            </dd>
          </Fragment>
        );
      })}
    </>
  );
}
