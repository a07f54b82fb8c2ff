// A simulated shredder sensor for trying the station without hardware:
//   tsx scripts/sim-shredder.ts --mode serial|modbus [--port <path>]
// serial: a run-sensor box speaking docs/shredder.md's line protocol; modbus: a power meter (RTU
// slave) whose current register follows the keys. Without --port it makes a PTY pair (socat) and
// prints the end the station should open.
import { rm } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { ModbusMeterSimulator, RunSensorBox, openPtyPair, type PtyPair } from '../drivers/shredder/simulator';

const HELP = {
  serial: `keys (then Enter):
  s      start a run      x  stop it
  c      send a corrupt line (bad checksum)
  e      report a device error (ERR,E1,jam)
  p      unplug / plug back (toggle)
  q      quit`,
  modbus: `keys (then Enter):
  s      motor on (5 A)   x  motor off (0 A)
  +/-    current ±0.5 A   2.5  set 2.5 A
  p      unplug / plug back (toggle; unplugged = silent meter)
  q      quit`,
};

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { mode: { type: 'string' }, port: { type: 'string' } } });
  const mode = values.mode;
  if (mode !== 'serial' && mode !== 'modbus') {
    console.error('--mode serial|modbus is required');
    process.exit(2);
  }
  let pty: PtyPair | undefined;
  let path = values.port;
  if (!path) {
    pty = await openPtyPair();
    path = pty.b;
    console.log(`station: open ${pty.a}`);
  }
  const device = mode === 'serial' ? new RunSensorBox({ path }) : new ModbusMeterSimulator({ path });
  let plugged = false;
  const plug = async () => {
    await (plugged ? device.unplug() : device.plug());
    plugged = !plugged;
  };
  await plug();
  console.log(`${mode === 'serial' ? 'run-sensor box' : 'Modbus meter (unit 1, input 0x0006 float32)'} on ${path}\n${HELP[mode]}`);

  const quit = async () => {
    await device.unplug();
    await pty?.close();
    if (pty) await rm(pty.dir, { recursive: true, force: true });
    process.exit(0);
  };
  process.on('SIGINT', () => void quit());
  for await (const line of createInterface({ input: process.stdin })) {
    const key = line.trim();
    try {
      if (key === 'q') break;
      if (key === 'p') await plug();
      else if (device instanceof RunSensorBox) serialKey(device, key);
      else modbusKey(device, key);
    } catch (err) {
      console.log(err instanceof Error ? err.message : err);
    }
    const state = device instanceof RunSensorBox ? `run #${device.counter} ${device.running ? 'running' : 'stopped'}` : `${device.current} A`;
    console.log(plugged ? state : `unplugged (${state})`);
  }
  await quit();
}

function serialKey(box: RunSensorBox, key: string): void {
  if (key === 's') box.startRun();
  else if (key === 'x') box.stopRun();
  else if (key === 'c') box.sendCorrupt();
  else if (key === 'e') box.reportError('E1', 'jam');
  else console.log(HELP.serial);
}

function modbusKey(meter: ModbusMeterSimulator, key: string): void {
  if (key === 's') meter.setCurrent(5);
  else if (key === 'x') meter.setCurrent(0);
  else if (key === '+') meter.setCurrent(meter.current + 0.5);
  else if (key === '-') meter.setCurrent(Math.max(0, meter.current - 0.5));
  else if (/^\d+(\.\d+)?$/.test(key)) meter.setCurrent(Number(key));
  else console.log(HELP.modbus);
}

void main();
