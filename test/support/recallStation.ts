// Child process for the recall crash test: a real core on a prepared data folder starts a recall
// of the lot `raw` names (10,000 descendants) while the test kills it with SIGKILL.
// argv: dataDir raw. Prints READY once signed in, STARTING just before the call, DONE after it.
import { startTestCore } from './core';

async function main() {
  const [dir, raw] = process.argv.slice(2);
  const t = await startTestCore({ dir });
  console.log('READY');
  console.log('STARTING');
  await t.call('startRecall', { scope: { kind: 'lot', raw: raw! }, reason: '监管通报', source: 'regulatorNotice', sourceRef: 'JG-9' });
  console.log('DONE');
  await new Promise(() => undefined);
}
main().catch((e) => {
  console.error(e);
  process.exit(1);
});
