import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useStation } from '../../api';
import { LotPage } from './LotPage';

export interface LotPageApi {
  /** Opens the lot page of `lotId` over the current screen, which keeps its state underneath. */
  open(lotId: string): void;
  /** The signed-in role may open lot pages (getLotDossier): show the way in only then. */
  available: boolean;
}

const LotPageContext = createContext<LotPageApi>({ open: () => undefined, available: false });

/**
 * The lot page as a drawer any screen can open: `useLotPage().open(lotId)`. App provides it once
 * for the signed-in station, so opening a lot never unmounts the screen below it (its list, its
 * scan, its scroll stay). Moving to a parent or a portion inside the page keeps a trail for 返回.
 */
export function LotPageProvider({ children }: { children: ReactNode }) {
  const { can } = useStation();
  const [trail, setTrail] = useState<string[]>([]);
  const available = can('getLotDossier');
  const open = useCallback((lotId: string) => setTrail([lotId]), []);
  const api = useMemo(() => ({ open, available }), [open, available]);
  const shown = trail.at(-1);
  return (
    <LotPageContext.Provider value={api}>
      {children}
      {shown && available && (
        <LotPage
          key={shown}
          lotId={shown}
          onClose={() => setTrail([])}
          onMove={(lotId) => setTrail((t) => [...t, lotId])}
          onBack={trail.length > 1 ? () => setTrail((t) => t.slice(0, -1)) : undefined}
        />
      )}
    </LotPageContext.Provider>
  );
}

export const useLotPage = (): LotPageApi => useContext(LotPageContext);

/** The way into a lot's page from any list or result: nothing where the role cannot open it. */
export function LotPageButton({ lotId, testId = 'open-lot-page' }: { lotId: string; testId?: string }) {
  const { t } = useTranslation();
  const { open, available } = useLotPage();
  if (!available) return null;
  return (
    <button type="button" className="secondary lot-page-button" onClick={() => open(lotId)} data-testid={testId} data-lot={lotId}>
      {t('ledger.lot.open')}
    </button>
  );
}
