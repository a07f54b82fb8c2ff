import { rm } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { SerialPort } from 'serialport';
import { afterEach, describe, expect, it } from 'vitest';
import { openSerialPort, SerialLink, type DetachReason, type SerialLinkOptions, type SerialStatus } from '../../../drivers/serial/link';
import { openPtyPair, type PtyPair } from '../../../drivers/serial/pty';
import { nextEvent } from '../shredder/waitForEvent';

/** The device's end of the pair: a plain port the test writes to and reads from. */
async function openDevice(path: string): Promise<SerialPort> {
  const port = await openSerialPort({ baudRate: 9600 })(path);
  // The station end may vanish (socat killed): the device just goes quiet.
  port.on('error', () => {});
  return port;
}

const closeDevice = (port?: SerialPort) => new Promise<void>((resolve) => (port?.isOpen ? port.close(() => resolve()) : resolve()));
const write = (port: SerialPort, text: string) => new Promise<void>((resolve, reject) => port.write(text, (err) => (err ? reject(err) : port.drain(() => resolve()))));

/** A link on one end of a socat PTY pair, a device on the other, and everything the link says. */
async function rig(options: Partial<SerialLinkOptions<SerialPort>> = {}) {
  let pty: PtyPair = await openPtyPair();
  let device: SerialPort | undefined = await openDevice(pty.b);
  const opens: number[] = [];
  const open = openSerialPort({ baudRate: 9600 });
  const link = new SerialLink({
    path: pty.a,
    open: (path) => (opens.push(Date.now()), open(path)),
    reconnectMs: 100,
    ...options,
  });
  const states: SerialStatus['state'][] = [];
  const statuses: SerialStatus[] = [];
  const detached: DetachReason[] = [];
  const detachedAt: number[] = [];
  let received = '';
  link.on('status', (s) => (statuses.push(s), states.push(s.state)));
  link.on('detach', (_port, reason) => (detached.push(reason), detachedAt.push(Date.now())));
  link.on('data', (chunk) => (received += chunk.toString('utf8')));
  return {
    link,
    states,
    statuses,
    detached,
    detachedAt,
    opens,
    received: () => received,
    device: () => device!,
    /** Pull the adapter: the device's end closes and socat dies; the station's end closes as on a USB unplug. */
    async pull() {
      await closeDevice(device);
      device = undefined;
      await pty.close();
    },
    /** Plug it back: a new pair at the same paths. */
    async replug() {
      pty = await openPtyPair({ dir: pty.dir });
      device = await openDevice(pty.b);
    },
    get pty() {
      return pty;
    },
    async dispose() {
      await link.stop();
      await closeDevice(device);
      await pty.close();
      await rm(pty.dir, { recursive: true, force: true });
    },
  };
}

type Rig = Awaited<ReturnType<typeof rig>>;
const status = (link: SerialLink, test: (s: SerialStatus) => boolean, ms = 3000) => nextEvent<SerialStatus>(link, 'status', test, ms);
const stateIs = (state: SerialStatus['state']) => (s: SerialStatus) => s.state === state;
/** Bytes arrive in chunks the OS chooses: wait until all of `text` has come. */
const receivedAll = (r: Rig, text: string) => expect.poll(r.received, { timeout: 3000, interval: 10 }).toContain(text);

describe('SerialLink over a socat PTY pair', () => {
  let current: Rig | undefined;
  afterEach(async () => {
    await current?.dispose();
    current = undefined;
  });

  it('opens: connecting → connected, the device’s bytes arrive as data, and the port writes back', async () => {
    const r = (current = await rig());
    const attached = nextEvent<SerialPort>(r.link, 'attach');
    const connected = status(r.link, stateIs('connected'));
    r.link.start();
    const port = await attached;
    await connected;
    expect(r.states).toEqual(['connecting', 'connected']);
    expect(r.link.port).toBe(port);
    expect(port.isOpen).toBe(true);

    await write(r.device(), '称重 1.250 kg\r\n');
    await receivedAll(r, '称重 1.250 kg\r\n');
    expect(r.received()).toBe('称重 1.250 kg\r\n');

    const echoed = nextEvent<Buffer>(r.device(), 'data');
    port.write('S\r\n');
    expect((await echoed).toString()).toBe('S\r\n');
  });

  it('a port that cannot be opened is an error in words, retried until it appears', async () => {
    const r = (current = await rig());
    const missing = `${r.pty.dir}/gone`;
    let attempts = 0;
    const open = openSerialPort({ baudRate: 9600 });
    const link = new SerialLink({ path: missing, open: (path) => (attempts++, open(path)), reconnectMs: 20, maxReconnectMs: 20 });
    const seen: SerialStatus[] = [];
    link.on('status', (s) => seen.push(s));
    try {
      const failed = status(link, stateIs('error'));
      link.start();
      const e = await failed;
      expect(e.error).toBe('notFound');
      expect(e.message).toMatch(/unplugged\?/);
      // Retries keep the error (no flapping back to 'connecting'), and it is reported once.
      await expect.poll(() => attempts, { timeout: 3000, interval: 10 }).toBeGreaterThanOrEqual(4);
      expect(seen.map((s) => s.state)).toEqual(['connecting', 'error']);
    } finally {
      await link.stop();
    }
  });

  it('silence watchdog: no bytes for silenceMs → noData, port reopened quietly, connected once the device talks', async () => {
    const r = (current = await rig({ silenceMs: 300, silenceHint: 'check the baud rate' }));
    r.link.start();
    await status(r.link, stateIs('connected'));
    const started = Date.now();
    const quiet = await status(r.link, stateIs('noData'));
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    expect(quiet).toEqual({ state: 'noData', error: 'noData', message: 'no bytes for 300 ms — check the baud rate' });
    expect(r.detached).toEqual(['silent']);
    // Reopened, and still silent: reopened again, without a 'connecting' or 'connected' in between.
    await expect.poll(() => r.detached.length, { timeout: 3000, interval: 20 }).toBeGreaterThanOrEqual(2);
    expect(r.opens.length).toBeGreaterThanOrEqual(2);
    expect(r.states).toEqual(['connecting', 'connected', 'noData']);

    // The device talks again, every 50 ms as a heartbeat would, whichever opening hears it first.
    const back = status(r.link, stateIs('connected'));
    const talk = setInterval(() => r.device().write('ST,GS,+0001.25kg\r\n'), 50);
    await back.finally(() => clearInterval(talk));
    expect(r.states).toEqual(['connecting', 'connected', 'noData', 'connected']);
    await receivedAll(r, 'ST,GS,+0001.25kg\r\n');
  });

  it('unplug → disconnected → notFound while out → replug → connected, data flows again', async () => {
    // socat may take a while to exit on a loaded machine: the first reopen must not find its link still there.
    const r = (current = await rig({ reconnectMs: 250 }));
    r.link.start();
    await status(r.link, stateIs('connected'));
    // Both listeners before the unplug: the first failed reopen may come before pull() resolves.
    const down = status(r.link, stateIs('disconnected'), 10_000);
    const gone = status(r.link, stateIs('error'), 10_000);
    await r.pull();
    await down;
    expect((await gone).error).toBe('notFound');
    expect(r.detached).toEqual(['lost']);
    expect(r.link.port).toBeUndefined();

    const back = status(r.link, stateIs('connected'), 10_000);
    await r.replug();
    await back;
    expect(r.states).toEqual(['connecting', 'connected', 'disconnected', 'connecting', 'error', 'connected']);
    await write(r.device(), 'after replug\n');
    await receivedAll(r, 'after replug\n');
  });

  it('reopens back off while the port stays gone: each wait doubles, up to maxReconnectMs', async () => {
    const r = (current = await rig({ reconnectMs: 100, maxReconnectMs: 400 }));
    r.link.start();
    await status(r.link, stateIs('connected'));
    await r.pull();
    await expect.poll(() => r.opens.length, { timeout: 5000, interval: 20 }).toBeGreaterThanOrEqual(6);
    // From the loss to the first reopen, then between reopens that found no port.
    const [lostAt] = r.detachedAt;
    const waits = r.opens.slice(1, 6).map((at, i) => at - (i === 0 ? lostAt! : r.opens[i]!));
    // Timers never fire early (1 ms of clock rounding aside); late is the machine's load.
    [100, 200, 400, 400, 400].forEach((ms, i) => expect(waits[i]).toBeGreaterThanOrEqual(ms - 1));
    // Capped: without the cap the last two would wait 800 and 1600 ms.
    expect(waits[3]).toBeLessThan(800);
    expect(waits[4]).toBeLessThan(1600);

    // Once a reopen succeeds the count starts again: the next loss is retried after reconnectMs, not 400 ms.
    const back = status(r.link, stateIs('connected'), 5000);
    await r.replug();
    await back;
    const before = r.opens.length;
    await r.pull();
    await expect.poll(() => r.opens.length, { timeout: 3000, interval: 10 }).toBeGreaterThan(before);
    expect(r.opens[before]! - r.detachedAt[1]!).toBeLessThan(400);
  });

  it('a busy port is retried every reconnectMs, not backed off, and taken once the holder lets go', async () => {
    const r = (current = await rig());
    r.link.start();
    await status(r.link, stateIs('connected'));
    const attempts: number[] = [];
    const open = openSerialPort({ baudRate: 9600 });
    const second = new SerialLink({ path: r.pty.a, open: (path) => (attempts.push(Date.now()), open(path)), reconnectMs: 100, maxReconnectMs: 1000 });
    try {
      const busy = status(second, stateIs('error'));
      second.start();
      expect((await busy).error).toBe('busy');
      await expect.poll(() => attempts.length, { timeout: 3000, interval: 10 }).toBeGreaterThanOrEqual(4);
      // Backed off, the third wait would be 800 ms; at the steady rate it is 100 ms and the machine's load.
      expect(attempts[3]! - attempts[2]!).toBeLessThan(600);
      const taken = status(second, stateIs('connected'));
      await r.link.stop();
      await taken;
    } finally {
      await second.stop();
    }
  });

  it('stop() closes the port and stops reconnecting for good', async () => {
    const r = (current = await rig());
    const attached = nextEvent<SerialPort>(r.link, 'attach');
    r.link.start();
    const port = await attached;
    // Listening before the unplug: on a loaded machine the first failed reopen can come before pull() resolves.
    const gone = status(r.link, stateIs('error'), 10_000);
    await r.pull();
    await gone;
    await r.link.stop();
    expect(port.isOpen).toBe(false);
    expect(r.statuses.at(-1)).toEqual({ state: 'disconnected', message: 'stopped' });
    const opens = r.opens.length;
    // The device comes back, but nothing may reopen it: wait out several reconnect delays.
    await r.replug();
    await sleep(500);
    expect(r.opens.length).toBe(opens);
    expect(r.link.port).toBeUndefined();
    expect(r.states.at(-1)).toBe('disconnected');
  });

  it('stop() right after start() waits for the open in flight and lets go of the port', async () => {
    const r = (current = await rig());
    let attached = 0;
    r.link.on('attach', () => attached++);
    r.link.start();
    await r.link.stop();
    expect(attached).toBe(0);
    expect(r.detached).toEqual([]);
    // serialport locks the port on Linux: a second open succeeds only if the link let go of it.
    const other = await openSerialPort({ baudRate: 9600 })(r.pty.a);
    await closeDevice(other);
    expect(r.states).toEqual(['connecting', 'disconnected']);
  });

  it('stop() while connected reports detach "stopped" once, and start() again reconnects', async () => {
    const r = (current = await rig());
    r.link.start();
    await status(r.link, stateIs('connected'));
    await r.link.stop();
    expect(r.detached).toEqual(['stopped']);
    const again = status(r.link, stateIs('connected'));
    r.link.start();
    await again;
    expect(r.states).toEqual(['connecting', 'connected', 'disconnected', 'connecting', 'connected']);
  });
});
