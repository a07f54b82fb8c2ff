/**
 * Packages the main-process bundle carries inside itself instead of loading from node_modules:
 * bundled as ES modules they are tree-shaken, while `require` of their CommonJS builds loads every
 * part at start-up (zod's ~40 locales, drizzle-orm's PostgreSQL and MySQL builders) — about a
 * third of the station's module loading. electron.vite.config.ts and the start-up bench
 * (test/bench/bundle.ts) both read this list, so the bench measures what ships.
 */
export const BUNDLED_PACKAGES = ['zod', 'drizzle-orm'];
