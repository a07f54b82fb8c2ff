import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'sqlite',
  schema: './electron/store/schema.ts',
  out: './resources/migrations',
});
