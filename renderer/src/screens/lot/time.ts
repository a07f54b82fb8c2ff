/** A stored local ISO time as the wall clock shows it (YYYY-MM-DD HH:MM). */
export const timeText = (iso: string) => iso.slice(0, 16).replace('T', ' ');
