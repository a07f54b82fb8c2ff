// A simulated serial scale for trying the station without hardware:
//   npm run sim:scale -- --protocol <id> [--port <path>]
// Without --port it makes a PTY pair (socat) and prints the end the station should open.
import { rm } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { SCALE_PROTOCOLS, protocolById } from '../drivers/scale/protocols';
import { ScaleSimulator, openPtyPair, type PtyPair } from '../drivers/scale/simulator';

const HELP = `keys (then Enter):
  1.234  put 1.234 kg on the plate (settled)
  w      wobble for 2 s, then settle
  s      settle now
  o      overload
  u      underload
  p      unplug / plug back (toggle)
  q      quit`;

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { protocol: { type: 'string' }, port: { type: 'string' } } });
  const protocol = values.protocol ? protocolById(values.protocol) : undefined;
  if (!protocol) {
    console.error(`--protocol <id> is required, one of: ${SCALE_PROTOCOLS.map((p) => p.id).join(', ')}`);
    process.exit(2);
  }
  let pty: PtyPair | undefined;
  let path = values.port;
  if (!path) {
    pty = await openPtyPair();
    path = pty.b;
    console.log(`station: open ${pty.a}`);
  }
  const sim = new ScaleSimulator({ path, protocol });
  await sim.plug();
  console.log(`${protocol.name} on ${path}\n${HELP}`);

  const quit = async () => {
    await sim.unplug();
    await pty?.close();
    if (pty) await rm(pty.dir, { recursive: true, force: true });
    process.exit(0);
  };
  process.on('SIGINT', () => void quit());
  for await (const line of createInterface({ input: process.stdin })) {
    const key = line.trim();
    if (/^-?\d+(\.\d+)?$/.test(key)) sim.put(Number(key));
    else if (key === 'w') sim.wobble(2000);
    else if (key === 's') sim.settle();
    else if (key === 'o') sim.overload();
    else if (key === 'u') sim.underload();
    else if (key === 'p') await (sim.plugged ? sim.unplug() : sim.plug());
    else if (key === 'q') break;
    else console.log(HELP);
    console.log(sim.plugged ? JSON.stringify(sim.state) : 'unplugged');
  }
  await quit();
}

void main();
