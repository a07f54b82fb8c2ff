import { useEffect, useState, type FormEvent } from 'react';
import { errorText } from '../../i18n';
import { useTranslation } from 'react-i18next';
import { StationId, type StationInfo } from '../../../../shared/contract';
import { useStation } from '../../api';
import { FormFooter } from '../../components/FormFooter';
import { useApiAction } from '../../components/useApiAction';
import { BackupPanel } from './BackupPanel';
import { ExpirySettings } from './ExpirySettings';
import { KeyImport } from './KeyImport';
import { LabelUrlSettings } from './LabelUrlSettings';
import { SupportBundleSection } from './SupportBundleSection';
import '../counter/counter.css';
import './station.css';

/** 本站 (admin): the station id, set once, the public key other stations need to check our labels, the expiry warning and the label QR's page. */
export function StationScreen() {
  const { t } = useTranslation();
  const { client } = useStation();
  const [info, setInfo] = useState<StationInfo | null>(null);
  const [problem, setProblem] = useState('');

  useEffect(() => {
    client.call('getStation', {}).then(setInfo, (error) => setProblem(errorText(t, error)));
  }, [client, t]);

  return (
    <main className="screen station" data-testid="station-screen">
      {problem && (
        <p className="form-message" role="alert">
          {problem}
        </p>
      )}
      {info && (
        <div className="station-columns">
          <div className="station-column">
            {info.stationId ? (
              <section className="card">
                <dl className="lot-facts station-facts">
                  <dt>{t('station.stationId')}</dt>
                  <dd className="code-cell" data-testid="station-id">
                    {info.stationId}
                  </dd>
                  <dt>{t('station.name')}</dt>
                  <dd data-testid="station-name">{info.name}</dd>
                </dl>
              </section>
            ) : (
              <StationIdForm onSet={setInfo} />
            )}
            <PublicKey pem={info.publicKey} />
          </div>
          <div className="station-column">
            <KeyImport />
            <ExpirySettings />
            <LabelUrlSettings />
            <BackupPanel />
            <SupportBundleSection />
          </div>
        </div>
      )}
    </main>
  );
}

/** Set once: every code begins with the id, so it is confirmed before it is sent. */
function StationIdForm({ onSet }: { onSet(info: StationInfo): void }) {
  const { t } = useTranslation();
  const { client } = useStation();
  const [stationId, setStationId] = useState('');
  const [name, setName] = useState('');
  const [confirming, setConfirming] = useState(false);
  const save = useApiAction((error) => errorText(t, error));
  const message = save.problem;

  // The first Cancel steps back from the confirmation; the next one clears the form.
  function cancel() {
    if (confirming) return setConfirming(false);
    setStationId('');
    setName('');
    save.clear();
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!StationId.safeParse(stationId.trim()).success) return save.fail(t('issue.stationId'));
    if (!name.trim()) return save.fail(t('station.nameRequired'));
    save.clear();
    if (!confirming) return setConfirming(true);
    await save.run(
      async () => onSet(await client.call('setStationId', { stationId: stationId.trim(), name: name.trim() })),
      () => setConfirming(false),
    );
  }

  return (
    <form className="card form" onSubmit={submit} data-testid="station-id-form">
      <p className="form-message">{t('station.notSet')}</p>
      <p>{t('station.explain')}</p>
      <label>
        {t('station.stationId')}
        <input value={stationId} inputMode="numeric" maxLength={7} readOnly={confirming} onChange={(e) => setStationId(e.target.value)} data-testid="station-id-input" />
      </label>
      <label>
        {t('station.name')}
        <input value={name} maxLength={40} readOnly={confirming} onChange={(e) => setName(e.target.value)} data-testid="station-name-input" />
      </label>
      {confirming && (
        <p className="station-confirm" role="alert" data-testid="station-id-confirm">
          {t('station.confirm', { stationId: stationId.trim(), name: name.trim() })}
        </p>
      )}
      <FormFooter
        message={message}
        messageTestId="station-id-message"
        onCancel={cancel}
        submitLabel={confirming ? t('station.confirmSubmit') : t('station.submit')}
        submitKind={confirming ? 'danger' : 'primary'}
        submitTestId="station-id-submit"
      />
    </form>
  );
}

function PublicKey({ pem }: { pem: string }) {
  const { t } = useTranslation();
  const [note, setNote] = useState('');

  async function copy() {
    try {
      await navigator.clipboard.writeText(pem);
      setNote(t('station.copied'));
    } catch {
      setNote(t('station.copyFailed'));
    }
  }

  return (
    <section className="card station-key">
      <div className="panel-header">
        <h3>{t('station.publicKey')}</h3>
        <button type="button" className="secondary" onClick={() => void copy()} data-testid="copy-key">
          {t('station.copy')}
        </button>
      </div>
      <p className="muted">{t('station.publicKeyHint')}</p>
      <pre className="text-block station-pem" data-testid="public-key">
        {pem}
      </pre>
      {note && (
        <p role="status" data-testid="copy-note">
          {note}
        </p>
      )}
    </section>
  );
}
