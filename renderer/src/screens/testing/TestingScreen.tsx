import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, RawScan, type Input, type LotView, type TestItemCoverage, type TestItemInfo } from '../../../../shared/contract';
import { useStation } from '../../api';
import { playCue } from '../../feedback';
import { errorText } from '../../i18n';
import { refusalMessage } from '../../i18n/refusal';
import { LotPanel } from '../../components/LotPanel';
import { ScanInputs } from '../../components/ScanInputs';
import { useApiAction } from '../../components/useApiAction';
import { HoldsPanel } from './HoldsPanel';
import { QueuePanel } from './QueuePanel';
import { SamplingPanel } from './SamplingPanel';
import { SamplingSettingsPanel } from './SamplingSettingsPanel';
import { TestForm, type Reading, type TestDraft } from './TestForm';
import { TestResult, type Recorded } from './TestResult';
import { itemsFor, localText, parseReading, testingErrorText } from './testingText';
import { useTestingSide } from './useTestingSide';
import '../counter/counter.css';
import './testing.css';

interface Loaded {
  raw: string;
  view: LotView;
}

const emptyDraft = (itemId = ''): TestDraft => ({ itemId, value: '', kitLot: '' });

/**
 * 检测: the inspector scans a lot (or taps it in the queue), picks the item, types the reading or
 * taps 阳性/阴性, and the verdict shows huge and coloured with its sound. A positive holds the lot
 * and every lot split from it, and lists them with where they went.
 */
export function TestingScreen() {
  const { t, i18n } = useTranslation();
  const { client, can } = useStation();
  const side = useTestingSide();
  const [items, setItems] = useState<TestItemInfo[]>([]);
  const [coverage, setCoverage] = useState<TestItemCoverage[]>([]);
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [loading, setLoading] = useState(false);
  const [draft, setDraft] = useState<TestDraft>(emptyDraft());
  const [recorded, setRecorded] = useState<Recorded | null>(null);
  const { busy, problem: message, run, fail, clear } = useApiAction((error) => testingErrorText(t, error), { cue: true });
  const latestScan = useRef(0);
  // The kit lot stays from one test to the next: an inspector works through one kit box.
  const kitLot = useRef('');

  useEffect(() => {
    client.call('listTestItems', {}).then(setItems, (e) => fail(errorText(t, e), { cue: false }));
    client.call('testItemCoverage', {}).then(setCoverage, () => setCoverage([]));
  }, [client, t, fail]);

  const load = useCallback(
    async (raw: string) => {
      const id = ++latestScan.current;
      clear();
      setRecorded(null);
      if (!RawScan.safeParse(raw).success) {
        setLoaded(null);
        return fail(errorText(t, new ApiError('badScan', 'scan size', { reason: raw ? 'tooLong' : 'empty' })));
      }
      setLoading(true);
      try {
        // getLot reads the lot without raising the market-wide alert: testing a held lot is the point.
        const view = await client.call('getLot', { raw });
        if (id !== latestScan.current) return;
        setLoaded({ raw, view });
        const first = itemsFor(items, view.variety.categoryId)[0];
        setDraft({ ...emptyDraft(first?.id), kitLot: kitLot.current });
        if (view.lot.status === 'destroyed') fail(refusalMessage(t, 'lotDestroyed'));
      } catch (e) {
        if (id !== latestScan.current) return;
        setLoaded(null);
        fail(testingErrorText(t, e));
      } finally {
        if (id === latestScan.current) setLoading(false);
      }
    },
    [client, items, t, fail, clear],
  );

  const lotItems = loaded ? itemsFor(items, loaded.view.variety.categoryId) : [];
  const item = lotItems.find((i) => i.id === draft.itemId) ?? lotItems[0];

  async function record(reading: Reading) {
    if (busy) return;
    if (!loaded || !item) return fail(t('testing.problem.noLot'));
    const input: Input<'recordTest'> = { raw: loaded.raw, itemId: item.id, ...(draft.kitLot.trim() && { kitLot: draft.kitLot.trim() }) };
    if (reading.kind === 'invalid') input.invalidRun = true;
    else if (reading.kind === 'qualitative') input.reading = reading.reading;
    else {
      const value = parseReading(draft.value);
      if (value === null) return fail(t(draft.value.trim() ? 'testing.problem.notANumber' : 'testing.problem.missingValue'));
      input.value = value;
    }
    const wasAwaiting = loaded.view.lot.status === 'awaitingTest';
    await run(async () => {
      const result = await client.call('recordTest', input);
      kitLot.current = draft.kitLot;
      setRecorded({ ...result, itemName: localText(item.name, i18n.language), wasAwaiting });
      setLoaded({ raw: loaded.raw, view: result.view });
      setDraft({ ...emptyDraft(item.id), kitLot: draft.kitLot });
      playCue(result.test.verdict === 'positive' ? 'alert' : result.test.verdict === 'negative' ? 'admit' : 'hold');
      side.reload();
    });
  }

  const testable = loaded && loaded.view.lot.status !== 'destroyed';
  const categoryName = (id: string) => {
    const c = coverage.find((x) => x.categoryId === id);
    return c ? localText({ zh: c.nameZh, en: c.nameEn }, i18n.language) : id;
  };
  const gaps = coverage.filter((c) => c.gap);
  return (
    <main className="screen testing" data-testid="testing-screen">
      <div className="testing-main">
        {gaps.length > 0 && (
          <section className="testing-gap" role="alert" data-testid="testing-coverage-gap">
            <strong>{t('testing.coverageGap', { categories: gaps.map((c) => categoryName(c.categoryId)).join('、') })}</strong>
            <p>{t('testing.coverageGapHint')}</p>
          </section>
        )}
        {!loaded && (
          <section className="verdict verdict-idle testing-waiting" data-testid="testing-waiting">
            <div className="verdict-word verdict-word-small">{loading ? t('testing.loading') : t('testing.waiting')}</div>
            {!loading && <p className="verdict-message">{t('testing.waitingHint')}</p>}
          </section>
        )}
        {recorded && <TestResult recorded={recorded} />}
        {loaded && <LotPanel view={loaded.view} testId="test-lot" />}
        {testable && (!recorded || recorded.test.verdict === 'invalid') && (
          <TestForm items={lotItems} categoryName={categoryName(loaded.view.variety.categoryId)} draft={draft} onChange={setDraft} onRecord={(r) => void record(r)} busy={busy} />
        )}
        {message && (
          <p className="testing-message testing-problem" role="alert" data-testid="testing-message">
            {message}
          </p>
        )}
        <div className="scan-bar">
          <ScanInputs onScan={(text) => void load(text)} />
        </div>
      </div>
      <div className="testing-side">
        <QueuePanel queue={side.queue} onPick={(code) => void load(code)} />
        <SamplingPanel status={side.status} onChanged={side.reload} />
        {can('saveSamplingSettings') && <SamplingSettingsPanel onChanged={side.reload} />}
        <HoldsPanel holds={side.holds} onChanged={side.reload} />
      </div>
    </main>
  );
}
