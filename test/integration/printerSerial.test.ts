import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SerialPort } from 'serialport';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LABEL_40x30, RECEIPT_58 } from '../../shared/domain/label';
import { escposLabel } from '../../drivers/printer/escpos';
import { queryStatus, sendConfirmed } from '../../drivers/printer/languages';
import { tsplLabel } from '../../drivers/printer/tspl';
import { SerialTransport } from '../../drivers/printer/transports/serial';
import { decodeEscpos, decodeTspl } from '../fixtures/printerDecode';
import { CABBAGE, PORK } from '../unit/printer/samples';

/** A PTY pair made by socat (drivers/serial/pty.ts): the transport opens ttyA, the "printer" is ttyB. */
describe('printing over a serial port', () => {
  let dir: string;
  let socat: ChildProcess;
  let printerEnd: SerialPort;
  let serial: SerialTransport;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'printer-serial-'));
    socat = spawn('socat', ['-d', '-d', `pty,raw,echo=0,link=${dir}/ttyA`, `pty,raw,echo=0,link=${dir}/ttyB`]);
    let log = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`socat did not start: ${log}`)), 5000);
      socat.stderr!.on('data', (chunk: Buffer) => {
        log += chunk.toString();
        if (log.includes('starting data transfer loop')) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    printerEnd = new SerialPort({ path: `${dir}/ttyB`, baudRate: 115200 });
    await once(printerEnd, 'open');
    serial = new SerialTransport(`${dir}/ttyA`, 115200, { timeoutMs: 2000 });
  });

  afterEach(async () => {
    await serial.close();
    if (printerEnd.isOpen) await new Promise((resolve) => printerEnd.close(resolve));
    socat.kill();
    await once(socat, 'exit');
    await rm(dir, { recursive: true, force: true });
  });

  /** Everything the printer end receives until `n` bytes have come. */
  function receive(n: number): Promise<Buffer> {
    return new Promise((resolve) => {
      const chunks: Buffer[] = [];
      let got = 0;
      const onData = (chunk: Buffer) => {
        chunks.push(chunk);
        got += chunk.length;
        if (got >= n) {
          printerEnd.off('data', onData);
          resolve(Buffer.concat(chunks));
        }
      };
      printerEnd.on('data', onData);
    });
  }

  it('delivers an ESC/POS receipt byte for byte', async () => {
    const job = escposLabel(CABBAGE, RECEIPT_58, { mode: 'native' });
    const received = receive(job.length);
    await serial.send(job);
    const bytes = await received;
    expect(bytes.equals(job)).toBe(true);
    expect(decodeEscpos(bytes).qrs[0].data).toBe(CABBAGE.qr);
  });

  it('reads status replies, and times out within the bound when none come', async () => {
    let pending = Buffer.alloc(0);
    printerEnd.on('data', (chunk: Buffer) => {
      // An ESC/POS printer with the cover open: DLE EOT 2 answers 0x16, the others all clear.
      pending = Buffer.concat([pending, chunk]);
      for (; pending.length >= 3; pending = pending.subarray(3)) printerEnd.write(Buffer.from([pending[2] === 2 ? 0x16 : 0x12]));
    });
    expect(await queryStatus('escpos', serial, 1000)).toEqual({ ready: false, problems: ['coverOpen'], busy: false });
    printerEnd.removeAllListeners('data');
    const started = Date.now();
    await expect(queryStatus('escpos', serial, 300)).rejects.toMatchObject({ code: 'timeout' });
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('confirms a TSPL job by the status answer behind it, and reports paper out the same way', async () => {
    const job = tsplLabel(PORK, LABEL_40x30, { mode: 'native' });
    // A TSPL printer: it reads the job, then answers ESC ! ? with its status byte.
    let paperOut = false;
    let stream = Buffer.alloc(0);
    printerEnd.on('data', (chunk: Buffer) => {
      stream = Buffer.concat([stream, chunk]);
      if (stream.subarray(-3).equals(Buffer.from([0x1b, 0x21, 0x3f]))) printerEnd.write(Buffer.from([paperOut ? 0x04 : 0x00]));
    });
    expect(await sendConfirmed('tspl', serial, job, 1000)).toEqual({ ready: true, problems: [], busy: false });
    expect(decodeTspl(stream).qrcodes[0]!.data).toBe(PORK.qr);
    paperOut = true;
    expect(await sendConfirmed('tspl', serial, job, 1000)).toEqual({ ready: false, problems: ['paperOut'], busy: false });
    // No answer: sent, not confirmed.
    printerEnd.removeAllListeners('data');
    await expect(sendConfirmed('tspl', serial, job, 300)).rejects.toMatchObject({ code: 'timeout', sent: true });
  });

  it('is notFound for a port that does not exist', async () => {
    await expect(new SerialTransport(`${dir}/ttyZ`).send(Buffer.from('x'))).rejects.toMatchObject({ code: 'notFound' });
  });
});
