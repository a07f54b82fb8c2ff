import { ApiError, type DayRange, type DayReport, type TrendDay } from '../../../shared/contract';

// Placeholder until the report queries land (issue 16): the contract is wired so screens and
// exports can be built against it. Replaced in the same wave; never shipped.
export function createReportService() {
  return {
    async day(_range: DayRange): Promise<DayReport> {
      throw new ApiError('internal', 'day report not built yet');
    },
    async trend(_input: { to: string; days: 7 | 30 }): Promise<TrendDay[]> {
      throw new ApiError('internal', 'trend not built yet');
    },
  };
}
export type ReportService = ReturnType<typeof createReportService>;
