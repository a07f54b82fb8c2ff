import { useLayoutEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useStation } from '../../api';
import { LanguageSwitch } from '../../i18n/LanguageSwitch';
import { PrintAlert } from '../printing/PrintBanner';
import { fitTabs } from './fitTabs';
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

const GAP = 6;

/**
 * Slim and always one row: the tabs that fit, the rest under 更多 (a second row would push the
 * screen below the fold at 1366×768), then who is signed in, language and sign-out.
 */
export function TopBar({ tabs, current, onSelect }: TopBarProps) {
  const { t } = useTranslation();
  const { operator, signOut } = useStation();
  const nav = useRef<HTMLElement>(null);
  const measure = useRef<HTMLDivElement>(null);
  const [fit, setFit] = useState<{ shown: number[]; overflow: number[] }>({ shown: tabs.map((_, i) => i), overflow: [] });
  const [open, setOpen] = useState(false);
  const currentIndex = tabs.findIndex((tab) => tab.id === current);

  // Tabs are measured in a hidden copy of the row; the visible row is refitted whenever the bar's
  // width changes (window, language, print alert coming and going).
  useLayoutEffect(() => {
    const refit = () => {
      if (!nav.current || !measure.current) return;
      const buttons = [...measure.current.children] as HTMLElement[];
      const widths = buttons.slice(0, tabs.length).map((b) => b.getBoundingClientRect().width);
      const more = buttons[tabs.length]!.getBoundingClientRect().width;
      setFit(fitTabs(widths, nav.current.getBoundingClientRect().width, more, GAP, currentIndex));
    };
    refit();
    // The bar's width changes with what is beside it; the tabs' own widths change when the
    // Chinese font arrives after the first paint.
    const observer = new ResizeObserver(refit);
    if (nav.current) observer.observe(nav.current);
    if (measure.current) observer.observe(measure.current);
    return () => observer.disconnect();
  }, [tabs, currentIndex]);

  const select = (id: string) => {
    setOpen(false);
    onSelect(id);
  };
  const tabButton = (tab: Tab) => (
    <button
      key={tab.id}
      type="button"
      className={`tab ${tab.id === current ? 'tab-current' : ''}`}
      aria-current={tab.id === current ? 'page' : undefined}
      onClick={() => select(tab.id)}
      data-testid={`tab-${tab.id}`}
    >
      {tab.label}
    </button>
  );

  return (
    <header className="top-bar" data-testid="top-bar">
      <nav className="tabs" ref={nav}>
        {fit.shown.map((i) => tabButton(tabs[i]!))}
        {fit.overflow.length > 0 && (
          <div className="tab-more">
            <button type="button" className="tab" aria-expanded={open} onClick={() => setOpen((o) => !o)} data-testid="tab-more">
              {t('nav.more')} ▾
            </button>
            {open && (
              <div className="tab-menu" role="menu" data-testid="tab-menu">
                {fit.overflow.map((i) => tabButton(tabs[i]!))}
              </div>
            )}
          </div>
        )}
        <div className="tabs-measure" ref={measure} aria-hidden="true">
          {tabs.map((tab) => (
            <span key={tab.id} className="tab">
              {tab.label}
            </span>
          ))}
          <span className="tab">{t('nav.more')} ▾</span>
        </div>
      </nav>
      <div className="top-bar-right">
        {/* Labels that cannot print, on every screen but 打印 itself (which has the full banner). */}
        {current !== 'printing' && tabs.some((tab) => tab.id === 'printing') && <PrintAlert onOpen={() => select('printing')} />}
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
