// Child process for the upload crash test: a real core on a data folder that records entries and
// splits while it uploads to the capture server; the test kills it with SIGKILL at random times.
// argv: dataDir captureUrl mode(create|drain). Prints READY, then (drain) DRAINED.
import { admitInput, seedStation, startUploadCore, uploadSettings } from './upload';

async function main() {
  const [dir, url, mode] = process.argv.slice(2);
  const s = await startUploadCore({ dir, upload: { backoffBaseMs: 1, backoffCapMs: 8, requestTimeoutMs: 80, idlePollMs: 5, statusThrottleMs: 5 } });
  await s.call('saveUploadSettings', uploadSettings('epcis', url, { batchSize: 3 }));
  if (mode === 'drain') {
    console.log('READY');
    await s.until((st) => st.backlog === 0 && st.dead === 0 && st.state === 'idle', 60_000);
    console.log('DRAINED');
    await s.close();
    return;
  }
  const seed = await seedStation(s);
  console.log('READY');
  let parent: string | null = null;
  for (let i = 0; ; i++) {
    const tag = `K${process.pid}N${i}`;
    const input = admitInput(seed, tag, 50);
    await s.call('checkEntry', input);
    if (parent && i % 3 === 0) await s.call('splitLot', { parentRaw: parent, quantity: 1, unit: 'kg', closing: false, ...(i % 2 ? { buyer: { name: '食堂' } } : {}) });
    parent = input.raw;
    await new Promise((r) => setTimeout(r, 4));
  }
}
main().catch((e) => {
  console.error(e);
  process.exit(1);
});
