import { parseString } from '@fast-csv/parse';

/** RFC 4180, read by a CSV library (exceljs's own dependency), not by the station's writer. */
export function parseCsv(text: string): Promise<string[][]> {
  return new Promise((resolve, reject) => {
    const rows: string[][] = [];
    parseString(text, { ignoreEmpty: false })
      .on('data', (r: string[]) => rows.push(r))
      .on('error', reject)
      .on('end', () => resolve(rows));
  });
}
