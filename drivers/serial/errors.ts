/** What the operator can do about a serial fault; 'noData' is a port that opens but stays silent. */
export type SerialErrorKind = 'busy' | 'permission' | 'notFound' | 'noData' | 'other';

/** Maps a serialport (or modbus-serial) error to what the operator can do about it. */
export function classifySerialError(err: unknown): { error: Exclude<SerialErrorKind, 'noData'>; message: string } {
  const text = err instanceof Error ? err.message : String(err);
  if (/Access denied|EBUSY|Resource busy|Cannot lock port/i.test(text)) return { error: 'busy', message: `port held by another program (${text})` };
  if (/EACCES|Permission denied/i.test(text)) return { error: 'permission', message: `Linux: add the user to the dialout group (${text})` };
  if (/ENOENT|No such file|File not found|cannot find the file/i.test(text)) return { error: 'notFound', message: `port not found — unplugged? (${text})` };
  return { error: 'other', message: text };
}
