// pino-roll ships no types: the options this station uses, and the SonicBoom stream it returns.
declare module 'pino-roll' {
  import type SonicBoom from 'sonic-boom';
  interface PinoRollOptions {
    file: string;
    size?: string | number;
    frequency?: 'daily' | 'hourly' | number;
    extension?: string;
    dateFormat?: string;
    mkdir?: boolean;
    /** File mode of each new log file (passed on to SonicBoom). */
    mode?: number;
    limit?: { count: number; removeOtherLogFiles?: boolean };
  }
  export default function roll(options: PinoRollOptions): Promise<SonicBoom>;
}
