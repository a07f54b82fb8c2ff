/** Refusals of the printing methods (refusal.*), kept with the printing screens' words. */
export const printingRefusalsZh = {
  noReceiptPrinter: '未配置小票打印机：请系统管理员在「打印」页添加用途为「小票」的打印机',
  notSent: '此打印任务不在「已发送，未确认」状态，无需确认',
};

export const printingRefusalsEn: Record<keyof typeof printingRefusalsZh, string> = {
  noReceiptPrinter: 'No receipt printer: ask the administrator to add one for receipts on the Printing page',
  notSent: 'This print job is not waiting for confirmation',
};
