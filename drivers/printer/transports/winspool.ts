import path from 'node:path';
import { PrinterError } from './transport';

/**
 * Raw printing through the Windows spooler without a native addon: Windows PowerShell 5.1 (on every
 * Windows 10/11) compiles a few winspool.drv calls with Add-Type and sends the job file as one RAW
 * document — what vendor tools do, so the bytes reach the printer exactly as built, whatever the
 * driver would render. The printer name and the file path travel in environment variables, which
 * Windows passes as UTF-16: names with spaces, quotes or Chinese need no escaping, and the script
 * (sent as -EncodedCommand) never changes.
 */
const SCRIPT = String.raw`$ErrorActionPreference = 'Stop'
try {
Add-Type -TypeDefinition @'
using System;
using System.ComponentModel;
using System.Runtime.InteropServices;
public static class YpRawPrint {
  [StructLayout(LayoutKind.Sequential, CharSet = CharSet.Unicode)]
  public class DocInfo { public string pDocName; public string pOutputFile; public string pDatatype; }
  [DllImport("winspool.drv", CharSet = CharSet.Unicode, SetLastError = true)] static extern bool OpenPrinterW(string name, out IntPtr h, IntPtr defaults);
  [DllImport("winspool.drv", SetLastError = true)] static extern bool ClosePrinter(IntPtr h);
  [DllImport("winspool.drv", CharSet = CharSet.Unicode, SetLastError = true)] static extern int StartDocPrinterW(IntPtr h, int level, [In] DocInfo doc);
  [DllImport("winspool.drv", SetLastError = true)] static extern bool EndDocPrinter(IntPtr h);
  [DllImport("winspool.drv", SetLastError = true)] static extern bool StartPagePrinter(IntPtr h);
  [DllImport("winspool.drv", SetLastError = true)] static extern bool EndPagePrinter(IntPtr h);
  [DllImport("winspool.drv", SetLastError = true)] static extern bool WritePrinter(IntPtr h, byte[] data, int count, out int written);
  static void Fail(string call) {
    int e = Marshal.GetLastWin32Error();
    throw new Exception(call + ": Win32 error " + e + ": " + new Win32Exception(e).Message);
  }
  public static void Send(string printer, byte[] data) {
    IntPtr h;
    if (!OpenPrinterW(printer, out h, IntPtr.Zero)) Fail("OpenPrinter");
    try {
      if (StartDocPrinterW(h, 1, new DocInfo { pDocName = "yipin-yima-station", pDatatype = "RAW" }) == 0) Fail("StartDocPrinter");
      try {
        if (!StartPagePrinter(h)) Fail("StartPagePrinter");
        int written;
        if (!WritePrinter(h, data, data.Length, out written)) Fail("WritePrinter");
        if (written != data.Length) throw new Exception("WritePrinter: wrote " + written + " of " + data.Length + " bytes");
        EndPagePrinter(h);
      } finally { EndDocPrinter(h); }
    } finally { ClosePrinter(h); }
  }
}
'@
[YpRawPrint]::Send($env:YP_PRINTER, [IO.File]::ReadAllBytes($env:YP_JOB_FILE))
} catch {
  $e = $_.Exception
  while ($e.InnerException) { $e = $e.InnerException }
  # UTF-8 bytes straight to stderr: the console code page (936 on Chinese Windows) would garble them.
  $bytes = [Text.Encoding]::UTF8.GetBytes($e.Message + [Environment]::NewLine)
  $stderr = [Console]::OpenStandardError()
  $stderr.Write($bytes, 0, $bytes.Length)
  $stderr.Flush()
  exit 1
}`;

export interface SpoolerCommand {
  command: string;
  args: string[];
  /** Added to the child's environment. */
  env: Record<string, string>;
}

/** The PowerShell call that sends `jobFile` to `printer` (its name as Windows lists it) as RAW. */
export function spoolerCommand(printer: string, jobFile: string, env: NodeJS.ProcessEnv = process.env): SpoolerCommand {
  // The full path: a powershell.exe earlier on PATH must not receive print jobs.
  const windows = env.SystemRoot ?? env.windir ?? 'C:\\Windows';
  return {
    command: path.win32.join(windows, 'System32', 'WindowsPowerShell', 'v1.0', 'powershell.exe'),
    args: ['-NoLogo', '-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-EncodedCommand', Buffer.from(SCRIPT, 'utf16le').toString('base64')],
    env: { YP_PRINTER: printer, YP_JOB_FILE: jobFile },
  };
}

/** Win32 errors the spooler reports, by what the print queue should tell the user. */
const BY_WIN32: Record<number, PrinterError['code']> = {
  1801: 'notFound', // ERROR_INVALID_PRINTER_NAME
  5: 'permission', // ERROR_ACCESS_DENIED
  1804: 'unsupported', // ERROR_INVALID_DATATYPE: a v4 (XPS) driver takes no RAW jobs
  1722: 'offline', // RPC_S_SERVER_UNAVAILABLE: the print server or shared printer's PC is off
};

export function spoolerError(stderr: string, what: string): PrinterError {
  const win32 = Number(/Win32 error (\d+)/.exec(stderr)?.[1]);
  const code = BY_WIN32[win32] ?? 'offline';
  const hint = code === 'unsupported' ? ' (the driver takes no RAW jobs: install the vendor driver or "Generic / Text Only")' : '';
  return new PrinterError(code, `${what}: ${stderr}${hint}`);
}
