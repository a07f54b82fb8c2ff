import { z } from 'zod';
import { method } from './spec';

/**
 * A support bundle: one zip of the log files, the settings without their secrets, versions,
 * devices and database figures, for whoever helps the market with a problem. No PIN, token, key,
 * sampling secret or buyer phone is in it (electron/services/supportBundle.ts).
 */
export const SupportBundle = z.object({
  /** Where it was written: `<dataDir>/exports/`. */
  path: z.string(),
  fileName: z.string(),
  bytes: z.number().int(),
  /** The zip itself, base64, for a browser on another PC to download (null when too large to send inline). */
  content: z.string().nullable(),
  /** The files inside, by name. */
  files: z.array(z.string()),
});
export type SupportBundle = z.infer<typeof SupportBundle>;

export const supportMethods = {
  exportSupportBundle: method({ access: ['manager'], input: z.object({}).strict(), output: SupportBundle }),
};
