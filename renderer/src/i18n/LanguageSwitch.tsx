import { useTranslation } from 'react-i18next';
import { switchLanguage } from '.';

export function LanguageSwitch() {
  const { t } = useTranslation();
  return (
    <button type="button" className="nav-button" data-testid="language-switch" onClick={switchLanguage}>
      {t('nav.switchLanguage')}
    </button>
  );
}
