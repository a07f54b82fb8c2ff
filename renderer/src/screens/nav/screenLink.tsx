import { createContext, useContext } from 'react';

/**
 * A way from one screen into another with something already chosen: 发起召回 from 追溯 or the lot
 * page opens 召回's start form on that lot; 去销毁 on a recall opens 销毁 with the lot scanned; a
 * recall number on the lot page opens that recall.
 */
export type ScreenLink = { screen: 'recall'; startLot: string } | { screen: 'recall'; recallId: string } | { screen: 'disposal'; lot: string };

export interface ScreenLinks {
  /** Switches to the link's screen with its choice made (App owns the tabs). */
  open(link: ScreenLink): void;
  /** The signed-in role has that screen's tab: show the way there only then. */
  has(screen: ScreenLink['screen']): boolean;
}

export const ScreenLinkContext = createContext<ScreenLinks>({ open: () => undefined, has: () => false });

export const useScreenLinks = (): ScreenLinks => useContext(ScreenLinkContext);
