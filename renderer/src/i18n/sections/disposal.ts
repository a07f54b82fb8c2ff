import type { Messages } from '../zh-CN';

/** The Disposal screen's labels (Chinese first; English must have the same keys). */
export const disposalZh = {
  title: '销毁',
};

export const disposalEn: Messages['disposal'] = {
  title: 'Disposal',
};
