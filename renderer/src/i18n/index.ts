import i18next, { type TFunction } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { ApiError, RefusalReason, type Reason, type Unit } from '../../../shared/contract';
import { refusalMessage } from './refusal';
import { en } from './en';
import { zhCN } from './zh-CN';

export const LANGUAGES = ['zh-CN', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
const LANGUAGE_KEY = 'station.language';

export const resources = { 'zh-CN': { translation: zhCN }, en: { translation: en } };

function savedLanguage(): Language {
  try {
    const saved = localStorage.getItem(LANGUAGE_KEY);
    return saved === 'en' ? 'en' : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
}

export function initI18n(language: Language = savedLanguage()) {
  void i18next.use(initReactI18next).init({
    resources,
    lng: language,
    fallbackLng: 'zh-CN',
    // React escapes text itself.
    interpolation: { escapeValue: false },
    initAsync: false,
  });
  document.documentElement.lang = language;
  return i18next;
}

export function switchLanguage(): void {
  const next: Language = i18next.language === 'en' ? 'zh-CN' : 'en';
  void i18next.changeLanguage(next);
  document.documentElement.lang = next;
  try {
    localStorage.setItem(LANGUAGE_KEY, next);
  } catch {
    // Private mode: the switch still works for this page.
  }
}

/** "3 days left", or "expires today" on the last day. */
export function daysLeftText(t: TFunction, days: number): string {
  return days === 0 ? t('productDate.today') : t('productDate.daysLeft', { days });
}

/**
 * A verdict reason in words; certificate type lists (`a|b`) become translated alternatives, a
 * product date kind its label, and days left a phrase.
 */
export function reasonText(t: TFunction, reason: Reason): string {
  const params: Record<string, string | number> = { ...reason.params };
  if (typeof params.types === 'string') {
    params.types = params.types
      .split('|')
      .map((type) => t(`certType.${type}`, { defaultValue: type }))
      .join(t('common.or'));
  }
  if (typeof params.dateKind === 'string') params.dateKind = t(`productDate.${params.dateKind}`, { defaultValue: params.dateKind });
  if (typeof params.days === 'number') params.left = daysLeftText(t, params.days);
  return t(`reason.${reason.code}`, params);
}

/** Any thrown error in words: scan errors name their reason, validation errors their fields. */
export function errorText(t: TFunction, error: unknown, unit?: Unit): string {
  if (!(error instanceof ApiError)) return t('error.network');
  // A refusal by its reason says more than the bare conflict/badRequest text.
  const refusal = RefusalReason.safeParse(error.params?.reason);
  if (refusal.success) return refusalMessage(t, refusal.data, error.params, unit);
  const main = t(`error.${error.code}`, { ...error.params, defaultValue: t('error.internal') });
  // An internal error carries the id its log line has: the operator can quote it to support.
  if (error.code === 'internal' && typeof error.params?.errorId === 'string') return t('common.errorId', { main, errorId: error.params.errorId });
  // A PIN refused at a second person's check (the disposal witness) says whose PIN it was.
  const whose = error.params?.whose;
  if (whose === 'operatorPin' || whose === 'witnessPin') return t(`common.pinOf.${whose}`, { text: main });
  const scanReason = error.params?.reason;
  if ((error.code === 'badScan' || error.code === 'notALotCode') && typeof scanReason === 'string') {
    return t('common.detail', { main, detail: t(`scanError.${scanReason}`, { ...error.params, defaultValue: scanReason }) });
  }
  if (error.issues?.length) {
    // Codes such as `uscc.division` name a text of their own group.
    const details = error.issues.map((i) => `${i.path || '—'}: ${t(`issue.${i.code}`, { defaultValue: t(i.code, { defaultValue: i.code }) })}`);
    return t('common.detail', { main, detail: details.join(t('common.listSeparator')) });
  }
  return main;
}
