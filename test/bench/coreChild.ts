// Child process of the receiving bench: open the core on a seeded database, time start-up, run
// some scans, report peak RSS. Prints one JSON line.
import { performance } from 'node:perf_hooks';
import { openStation, scanInput } from './receivingFixture';

async function main() {
  const [dir, scansArg] = process.argv.slice(2);
  const t0 = performance.now();
  const station = await openStation(dir);
  const startMs = performance.now() - t0;
  const tag = `CHILD${process.pid}X`;
  for (let i = 0; i < Number(scansArg); i++) {
    const r = await station.core.dispatch('checkEntry', scanInput(station, i, tag), { sessionId: station.session });
    if (!r.ok) throw new Error(r.error.message);
  }
  station.core.close();
  console.log(JSON.stringify({ startMs, maxRssMb: process.resourceUsage().maxRSS / 1024 }));
}
main().catch((e) => {
  console.error(e);
  process.exit(1);
});
