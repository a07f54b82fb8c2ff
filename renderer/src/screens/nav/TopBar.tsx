import { useTranslation } from 'react-i18next';
import { useStation } from '../../api';
import { LanguageSwitch } from '../../i18n/LanguageSwitch';
import { PrintAlert } from '../printing/PrintBanner';
import './TopBar.css';

export interface Tab {
  id: string;
  label: string;
}

interface TopBarProps {
  tabs: Tab[];
  current: string;
  onSelect(id: string): void;
}

/** Slim and always the same: big tabs left, who is signed in, language and sign-out right. */
export function TopBar({ tabs, current, onSelect }: TopBarProps) {
  const { t } = useTranslation();
  const { operator, signOut } = useStation();
  return (
    <header className="top-bar">
      <nav className="tabs">
        {tabs.map((tab) => (
          <button
            key={tab.id}
            type="button"
            className={`tab ${tab.id === current ? 'tab-current' : ''}`}
            aria-current={tab.id === current ? 'page' : undefined}
            onClick={() => onSelect(tab.id)}
            data-testid={`tab-${tab.id}`}
          >
            {tab.label}
          </button>
        ))}
      </nav>
      <div className="top-bar-right">
        {/* Labels that cannot print, on every screen but 打印 itself (which has the full banner). */}
        {current !== 'printing' && tabs.some((tab) => tab.id === 'printing') && <PrintAlert onOpen={() => onSelect('printing')} />}
        {operator && (
          <span className="current-operator" data-testid="current-operator">
            {operator.name} · {t(`role.${operator.role}`)}
          </span>
        )}
        <LanguageSwitch />
        {operator && (
          <button type="button" className="nav-button" onClick={() => void signOut()} data-testid="sign-out">
            {t('nav.signOut')}
          </button>
        )}
      </div>
    </header>
  );
}
