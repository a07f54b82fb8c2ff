import type { Messages } from '../zh-CN';

/** Export buttons of 日报 and 台账: progress, cancel, download (Chinese first; English must have the same keys). */
export const exportsZh = {
  title: '导出',
  format: { xlsx: '导出 Excel', csv: '导出 CSV', pdf: '导出 PDF' },
  running: '正在导出{{name}}…',
  progress: '{{done}} / {{total}}',
  progressUnknown: '已完成 {{done}}',
  cancel: '取消',
  cancelling: '正在取消…',
  done: '{{fileName}} 已生成（{{size}}）',
  path: '文件位置：{{path}}',
  download: '下载文件',
  tooLarge: '文件较大，无法在浏览器中下载，请在本机的文件位置打开',
  kind: { xlsx: 'Excel', csv: 'CSV', pdf: 'PDF' },
};

export const exportsEn: Messages['exports'] = {
  title: 'Export',
  format: { xlsx: 'Export Excel', csv: 'Export CSV', pdf: 'Export PDF' },
  running: 'Exporting {{name}}…',
  progress: '{{done}} / {{total}}',
  progressUnknown: '{{done}} done',
  cancel: 'Cancel',
  cancelling: 'Cancelling…',
  done: '{{fileName}} is ready ({{size}})',
  path: 'File: {{path}}',
  download: 'Download file',
  tooLarge: 'The file is too large to download in the browser; open it at its place on this PC',
  kind: { xlsx: 'Excel', csv: 'CSV', pdf: 'PDF' },
};
