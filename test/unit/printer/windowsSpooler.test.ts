import { chmod, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OsQueueTransport } from '../../../drivers/printer/transports/osQueue';
import { spoolerCommand } from '../../../drivers/printer/transports/winspool';

const PRINTERS = ['Gprinter GP-3120TU', '佳博 GP-3120TU (副本 1)', 'O\'Brien ‘标签’ "80" $env:x `n %PATH% & | ;'];
const JOB_FILE = 'C:\\Users\\张 三\\AppData\\Local\\Temp\\yp-print-Ab12\\job.bin';

const script = (args: string[]) => Buffer.from(args[args.indexOf('-EncodedCommand') + 1]!, 'base64').toString('utf16le');

describe('the Windows spooler command', () => {
  it.each(PRINTERS)('passes %s and the job path verbatim in the environment, never in the command line', (printer) => {
    const c = spoolerCommand(printer, JOB_FILE, { SystemRoot: 'C:\\Windows' });
    expect(c.command).toBe('C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe');
    expect(c.env).toEqual({ YP_PRINTER: printer, YP_JOB_FILE: JOB_FILE });
    // Printable ASCII only: nothing for cmd.exe, CreateProcess or a code page to mangle.
    for (const arg of c.args) expect(arg).toMatch(/^[\x21-\x7e]+$/);
    expect(c.args.slice(0, -1)).toEqual(['-NoLogo', '-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-EncodedCommand']);
    expect(script(c.args)).not.toContain(printer);
    expect(script(c.args)).toBe(script(spoolerCommand('other', 'D:\\x', {}).args));
  });

  it('takes powershell.exe from the Windows folder, not from PATH', () => {
    expect(spoolerCommand('p', JOB_FILE, { SystemRoot: 'D:\\WIN' }).command).toBe('D:\\WIN\\System32\\WindowsPowerShell\\v1.0\\powershell.exe');
    expect(spoolerCommand('p', JOB_FILE, {}).command).toBe('C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe');
  });

  it('sends one RAW document of the file’s bytes through winspool.drv', () => {
    const s = script(spoolerCommand('p', JOB_FILE).args);
    for (const call of ['OpenPrinterW', 'StartDocPrinterW', 'StartPagePrinter', 'WritePrinter', 'EndPagePrinter', 'EndDocPrinter', 'ClosePrinter']) {
      expect(s).toContain(`static extern ${call === 'StartDocPrinterW' ? 'int' : 'bool'} ${call}(`);
    }
    expect(s).toContain('pDatatype = "RAW"');
    expect(s).toContain('[YpRawPrint]::Send($env:YP_PRINTER, [IO.File]::ReadAllBytes($env:YP_JOB_FILE))');
    // A PowerShell here-string ends only at a line that starts with '@.
    expect(s.match(/^'@$/gm)).toHaveLength(1);
    expect(s).toMatch(/exit 1\n}$/);
  });
});

describe('printing through the Windows spooler (powershell.exe stood in for)', () => {
  let dir: string;
  let spool: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'winspool-'));
    // The job file goes under a temp folder like a Chinese user's: spaces and Chinese.
    spool = join(dir, '临时 文件夹');
    await mkdir(spool);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function fakePowershell(name: string, body: string): Promise<string> {
    const path = join(dir, name);
    await writeFile(path, `#!/bin/sh\n${body}\n`);
    await chmod(path, 0o755);
    return path;
  }
  const transport = (printer: string, powershell: string, timeoutMs?: number) => new OsQueueTransport(printer, { platform: 'win32', powershell, tmpDir: spool, timeoutMs });

  it('hands the job file and the printer name to PowerShell, then deletes the file', async () => {
    const ps = await fakePowershell('ps-ok', `printf '%s' "$YP_PRINTER" > "${dir}/printer"; cp "$YP_JOB_FILE" "${dir}/job"; printf '%s' "$YP_JOB_FILE" > "${dir}/path"; echo "$#" > "${dir}/argc"`);
    const job = Buffer.from([0x1b, 0x40, 0x1c, 0x26, 0xb0, 0xd7, 0x00, 0xff, 0x0a]);
    await transport(PRINTERS[1]!, ps).send(job);
    expect(await readFile(join(dir, 'printer'), 'utf8')).toBe(PRINTERS[1]);
    expect([...(await readFile(join(dir, 'job')))]).toEqual([...job]);
    expect((await readFile(join(dir, 'path'), 'utf8')).startsWith(join(spool, 'yp-print-'))).toBe(true);
    expect((await readFile(join(dir, 'argc'), 'utf8')).trim()).toBe('7');
    expect(await readdir(spool)).toEqual([]);
  });

  it.each([
    ['OpenPrinter: Win32 error 1801: 打印机名无效。', 'notFound'],
    ['OpenPrinter: Win32 error 5: 拒绝访问。', 'permission'],
    ['StartDocPrinter: Win32 error 1804: 指定的数据类型无效。', 'unsupported'],
    ['StartDocPrinter: Win32 error 1722: RPC 服务器不可用。', 'offline'],
    ['WritePrinter: Win32 error 63: 你的文件等待打印已被删除。', 'offline'],
  ])('maps "%s" to %s, keeping the message', async (stderr, code) => {
    const ps = await fakePowershell(`ps-${code}-${stderr.length}`, `printf '%s\\n' '${stderr}' >&2; exit 1`);
    const err = await transport('佳博', ps)
      .send(Buffer.from('x'))
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code });
    expect((err as Error).message).toContain(stderr);
    expect(await readdir(spool)).toEqual([]);
  });

  it('kills a PowerShell that hangs and reports timeout, leaving no job file', async () => {
    const ps = await fakePowershell('ps-hang', 'exec sleep 30');
    const started = Date.now();
    await expect(transport('p', ps, 200).send(Buffer.from('x'))).rejects.toMatchObject({ code: 'timeout' });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(await readdir(spool)).toEqual([]);
  });

  it('is unsupported where Windows PowerShell is missing', async () => {
    await expect(transport('p', join(dir, 'no-powershell')).send(Buffer.from('x'))).rejects.toMatchObject({ code: 'unsupported' });
  });
});
