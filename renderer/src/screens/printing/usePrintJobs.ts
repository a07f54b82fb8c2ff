import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PrintJob } from '../../../../shared/contract';
import { useStation } from '../../api';
import { playCue } from '../../feedback';
import { errorText } from '../../i18n';
import { patchLotStatus } from '../../components/lotStatus';
import { blockedReasons, isBlocked, isNewer, isUnconfirmed, mergeJob, type WaitCode } from './jobs';

/** Print jobs kept live by the `printJob` event; `null` until the first list has loaded. */
export function usePrintJobs(unfinishedOnly: boolean, limit: number) {
  const { t } = useTranslation();
  const { client } = useStation();
  const [jobs, setJobs] = useState<PrintJob[] | null>(null);
  const [problem, setProblem] = useState('');

  /** The newest revision heard of each job, for this list's subscription. */
  const heard = useRef(new Map<string, number>());

  useEffect(() => {
    const options = { unfinishedOnly, limit };
    const known = new Map<string, number>();
    heard.current = known;
    // Subscribe first so no state change during the load is lost; the list then decides which
    // of the events heard meanwhile are newer than what it shows.
    const pending: PrintJob[] = [];
    let loaded = false;
    const offJob = client.on('printJob', (job) => {
      if (!loaded) pending.push(job);
      else if (isNewer(known, job)) setJobs((list) => mergeJob(list ?? [], job, options));
    });
    // A printed job's lot held or destroyed since: its row says so without a reload.
    const offStatus = client.on('lotStatus', ({ changes }) => setJobs((list) => list && patchLotStatus(list, changes, 'lotStatus')));
    client.call('listPrintJobs', { unfinished: unfinishedOnly, limit }).then(
      (list) => {
        loaded = true;
        for (const job of list) isNewer(known, job);
        const newer = pending.filter((job) => isNewer(known, job));
        setJobs(newer.reduce((l, job) => mergeJob(l, job, options), list));
      },
      (error) => setProblem(errorText(t, error)),
    );
    return () => {
      offJob();
      offStatus();
    };
  }, [client, t, unfinishedOnly, limit]);

  /** Shows a job at once (a reprint's answer) unless an event about it came first. */
  const add = (job: PrintJob) => {
    if (isNewer(heard.current, job)) setJobs((list) => mergeJob(list ?? [], job, { unfinishedOnly, limit }));
  };
  return { jobs, problem, add };
}

/**
 * Jobs that cannot print until someone acts (paper out, printer offline, none configured) and
 * why, and jobs sent that the printer did not confirm. A cue sounds when printing stops while
 * this is shown: the vendor may be facing the buyer.
 */
export function useBlockedJobs(): { count: number; reasons: WaitCode[]; unconfirmed: number } {
  const { jobs } = usePrintJobs(true, 200);
  const blocked = useMemo(() => {
    const list = jobs ?? [];
    return { count: list.filter(isBlocked).length, reasons: blockedReasons(list), unconfirmed: list.filter(isUnconfirmed).length };
  }, [jobs]);
  // null until loaded, so jobs already stuck when the screen opens do not sound.
  const wasBlocked = useRef<boolean | null>(null);
  useEffect(() => {
    if (jobs === null) return;
    const now = blocked.count + blocked.unconfirmed > 0;
    if (now && wasBlocked.current === false) playCue('hold');
    wasBlocked.current = now;
  }, [jobs, blocked.count, blocked.unconfirmed]);
  return blocked;
}
