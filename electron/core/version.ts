import { version } from '../../package.json';

/** The program's version (package.json), the same in the app, `serve` and the support bundle. */
export const APP_VERSION: string = version;
