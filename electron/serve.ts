import { join } from 'node:path';
import { createCore } from './core/createCore';
import { defaultUserDataDir, resolveStartOptions } from './core/startOptions';
import { startLoopbackServer } from './transport/http';

/**
 * `npm run serve`: the station without Electron — the built renderer and the API on 127.0.0.1,
 * for a manager's browser on this PC and for the end-to-end tests.
 */
async function main() {
  const argv = process.argv.slice(2);
  const portAt = argv.indexOf('--port');
  const portArg = portAt >= 0 ? argv[portAt + 1] : process.env.STATION_PORT;
  const options = resolveStartOptions(argv, process.env, {
    userDataDir: defaultUserDataDir(process.platform, process.env),
    resourcesDir: join(__dirname, '../../resources'),
  });
  const core = await createCore(options);
  const server = await startLoopbackServer(core, { rendererDir: join(__dirname, '../renderer'), port: portArg ? Number(portArg) : 5178 });
  // The test harness reads this exact line; people read the one after it.
  console.log(`STATION_URL=${server.url}`);
  console.log(`一品一码查验台已启动：请在本机浏览器打开 ${server.url}\n数据目录：${options.dataDir}`);

  const stop = async () => {
    await server.close();
    await core.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
