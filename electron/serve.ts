import { join } from 'node:path';
import type { RecoveryStatus } from '../shared/contract';
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
  const health = await core.dispatch('recoveryStatus', {});
  if (health.ok && (health.value as RecoveryStatus).state === 'damaged') {
    console.error('数据库文件损坏，本站暂停使用：请在浏览器中按提示从备份恢复 (docs/backup.md)');
  }

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
