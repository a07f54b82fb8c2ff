import type { Messages } from '../zh-CN';

/** 支持包导出 on 本站 (Chinese first; English must have the same keys). */
export const supportZh = {
  title: '支持包导出',
  hint: '把运行日志、设置（不含口令、令牌和密钥）、版本、设备状态和数据库统计打包成一个 zip 文件，发给技术支持。不含买方电话和任何 PIN。',
  export: '导出支持包',
  exporting: '正在打包…',
  done: '支持包已保存（{{size}}）',
  path: '文件位置：{{path}}',
  download: '下载支持包',
};

export const supportEn: Messages['support'] = {
  title: 'Support bundle',
  hint: 'Packs the logs, the settings (without passwords, tokens or keys), versions, device status and database figures into one zip file for technical support. No buyer phones and no PINs are included.',
  export: 'Export support bundle',
  exporting: 'Packing…',
  done: 'Support bundle saved ({{size}})',
  path: 'File: {{path}}',
  download: 'Download the support bundle',
};
