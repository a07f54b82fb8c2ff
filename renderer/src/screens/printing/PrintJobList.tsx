import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { PrintJob } from '../../../../shared/contract';
import { useStation } from '../../api';
import { FormFooter } from '../../components/FormFooter';
import { StatusChip } from '../../components/StatusChip';
import { useApiAction } from '../../components/useApiAction';
import { playCue } from '../../feedback';
import { groupedCode } from '../../format/codeText';
import { errorText } from '../../i18n';
import { jobTime, noteCodes, shownStatus, waitCodes } from './jobs';
import { reasonList } from './PrintBanner';
import { usePrintJobs } from './usePrintJobs';

const COLUMNS = 6;

/**
 * The latest print jobs, newest first and live: what printed, what waits and why, what was sent
 * and not confirmed (确认已打印 or 重打), what was cancelled, each lot's state, and 重打.
 */
export function PrintJobList() {
  const { t } = useTranslation();
  const { jobs, problem, add } = usePrintJobs(false, 50);
  return (
    <section className="card printing-jobs" data-testid="print-jobs">
      <div className="panel-header">
        <h2>{t('printing.jobs')}</h2>
      </div>
      {problem && (
        <p className="form-message" role="alert">
          {problem}
        </p>
      )}
      {jobs?.length === 0 && <p className="muted">{t('printing.noJobs')}</p>}
      {jobs && jobs.length > 0 && (
        <table className="job-table">
          <thead>
            <tr>
              <th>{t('printing.time')}</th>
              <th>{t('printing.code')}</th>
              <th>{t('printing.status')}</th>
              <th>{t('printing.lotStatus')}</th>
              <th>{t('printing.attempts')}</th>
              <th />
            </tr>
          </thead>
          {jobs.map((job) => (
            <JobRows key={job.id} job={job} onReprinted={add} />
          ))}
        </table>
      )}
    </section>
  );
}

/** One job: its row, and under it the preview or the reprint form when asked for. */
function JobRows({ job, onReprinted }: { job: PrintJob; onReprinted(job: PrintJob): void }) {
  const { t } = useTranslation();
  const { client, can } = useStation();
  const [open, setOpen] = useState<'preview' | 'reprint' | null>(null);
  const [preview, setPreview] = useState<string | null>(null);
  const previewing = useApiAction((error) => t('common.detail', { main: t('printing.previewFailed'), detail: errorText(t, error) }));
  const confirming = useApiAction((error) => errorText(t, error), { cue: true });
  const status = shownStatus(job);
  const why = waitCodes(job);
  const notes = noteCodes(job);

  async function confirm() {
    await confirming.run(() => client.call('confirmPrint', { jobId: job.id }).then(() => undefined));
  }

  async function togglePreview() {
    if (open === 'preview') return setOpen(null);
    setOpen('preview');
    if (preview) return;
    await previewing.run(async () => setPreview((await client.call('previewLabel', { jobId: job.id })).png));
  }

  return (
    // A tbody per job keeps the row and its detail row together.
    <tbody className={`job-${status}`} data-testid="print-job" data-id={job.id} data-code={job.code} data-status={job.status} data-lot-status={job.lotStatus} data-reprint-of={job.reprintOf ?? ''}>
      <tr>
        <td>{jobTime(job.createdAt)}</td>
        <td>
          <div className="code-cell job-code">{groupedCode(job.code)}</div>
          {job.purpose !== 'labels' && <div className="job-purpose">{t(`printing.purpose.${job.purpose}`)}</div>}
          {job.reprintOf && (
            <div className="job-reprint" data-testid="job-reprint">
              <span className="reprint-chip">{t('printing.reprintMark')}</span> {job.reason && t('printing.reprintReason', { reason: job.reason })}
            </div>
          )}
        </td>
        <td>
          <span className={`job-status job-status-${status}`} data-testid="job-status">
            {t(`printing.jobStatus.${status}`)}
          </span>
          {why.length > 0 && job.status !== 'done' && (
            <div className="job-why" data-testid="job-why">
              {reasonList(t, why)}
            </div>
          )}
          {notes.map((note) => (
            <div key={note} className="job-note" data-testid="job-note" data-note={note}>
              {t(`printing.note.${note}`)}
            </div>
          ))}
          {job.confirmedBy && (
            <div className="job-note" data-testid="job-confirmed-by">
              {t('printing.confirmedBy', { name: job.confirmedBy })}
            </div>
          )}
          {confirming.problem && (
            <div className="job-why" role="alert">
              {confirming.problem}
            </div>
          )}
          {job.cancelledFor && (
            <div className="job-why" data-testid="job-why">
              {t('printing.cancelledFor', { status: t(`status.${job.cancelledFor}`) })}
            </div>
          )}
        </td>
        <td>
          <StatusChip status={job.lotStatus} testId="job-lot-status" />
        </td>
        <td className="job-attempts">{job.attempts}</td>
        <td className="job-actions">
          {job.status === 'sent' && can('confirmPrint') && (
            <button type="button" className="primary small" onClick={() => void confirm()} data-testid="job-confirm">
              {t('printing.confirm')}
            </button>
          )}
          <button type="button" className="secondary small" aria-pressed={open === 'preview'} onClick={() => void togglePreview()} data-testid="job-preview-toggle">
            {open === 'preview' ? t('printing.hidePreview') : t('printing.preview')}
          </button>
          {can('reprint') && (
            <button type="button" className="secondary small" aria-pressed={open === 'reprint'} onClick={() => setOpen(open === 'reprint' ? null : 'reprint')} data-testid="job-reprint-open">
              {t('printing.reprint')}
            </button>
          )}
        </td>
      </tr>
      {open && (
        <tr className="job-detail">
          <td colSpan={COLUMNS}>
            {open === 'preview' &&
              (preview ? (
                <img className="job-preview" src={preview} alt={t('printing.previewAlt', { code: job.code })} data-testid="job-preview" />
              ) : (
                previewing.problem && <p className="form-message">{previewing.problem}</p>
              ))}
            {open === 'reprint' && (
              <ReprintForm
                job={job}
                onDone={(reprint) => {
                  setOpen(null);
                  onReprinted(reprint);
                }}
                onCancel={() => setOpen(null)}
              />
            )}
          </td>
        </tr>
      )}
    </tbody>
  );
}

/** 重打: the same label with the same code, never a new one; who asked and why go on record. */
function ReprintForm({ job, onDone, onCancel }: { job: PrintJob; onDone(reprint: PrintJob): void; onCancel(): void }) {
  const { t } = useTranslation();
  const { client } = useStation();
  const [reason, setReason] = useState('');
  const { busy, problem: message, run, fail } = useApiAction((error) => errorText(t, error));

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!reason.trim()) return fail(t('printing.reasonRequired'));
    // Only the station's refusal beeps; an empty reason is plain to see.
    await run(
      async () => onDone(await client.call('reprint', { jobId: job.id, reason: reason.trim() })),
      () => playCue('error'),
    );
  }

  return (
    <form className="reprint-form" onSubmit={submit} data-testid="reprint-form">
      <h3>{t('printing.reprintTitle', { code: groupedCode(job.code) })}</h3>
      <label>
        {t('printing.reason')}
        <input autoFocus value={reason} maxLength={200} placeholder={t('printing.reasonPlaceholder')} onChange={(e) => setReason(e.target.value)} data-testid="reprint-reason" />
      </label>
      <FormFooter message={message} messageTestId="reprint-message" onCancel={onCancel} submitLabel={t('printing.reprintSubmit')} submitTestId="reprint-submit" disabled={busy} />
    </form>
  );
}
