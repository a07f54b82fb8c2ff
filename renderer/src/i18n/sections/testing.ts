import type { Messages } from '../zh-CN';

/** The Testing screen's labels (Chinese first; English must have the same keys). */
export const testingZh = {
  title: '检测',
};

export const testingEn: Messages['testing'] = {
  title: 'Testing',
};
