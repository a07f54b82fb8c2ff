// Child process of the receiving bench, bundled and run with plain Node as the station's own code
// runs: open the core on the seeded database, note start-up (from process start, so Node's own
// boot and module loading count, to the core serving) and the admin's sign-in after it (its PIN
// hash, deliberately slow, is the operator's wait, not the station's), run some scans, report this
// process's peak RSS. One JSON line.
import { performance } from 'node:perf_hooks';
import { peakRssMb } from './lib';
import { clockAt, openStation, scanInput } from './receivingFixture';

async function main() {
  const [dir, scansArg, migrationsDir, hhmm, supplierId] = process.argv.slice(2);
  const station = await openStation(dir, { migrationsDir, now: clockAt(hhmm), supplierId });
  // performance.now() counts from the process's start (timeOrigin).
  const startMs = station.openedAtMs;
  const signedInMs = performance.now();
  const tag = `CHILD${process.pid}X`;
  for (let i = 0; i < Number(scansArg); i++) {
    const r = await station.core.dispatch('checkEntry', scanInput(station, i, tag), { sessionId: station.session });
    if (!r.ok) throw new Error(r.error.message);
  }
  station.core.close();
  console.log(JSON.stringify({ startMs, signedInMs, maxRssMb: peakRssMb() }));
}
main().catch((e) => {
  console.error(e);
  process.exit(1);
});
