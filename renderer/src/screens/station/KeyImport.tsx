import { useState, type FormEvent } from 'react';
import { errorText } from '../../i18n';
import { useTranslation } from 'react-i18next';
import { StationId } from '../../../../shared/contract';
import { useStation } from '../../api';
import { FormFooter } from '../../components/FormFooter';
import { useApiAction } from '../../components/useApiAction';

/** Another station's public key, so its labels check as valid here (offline, no server between). */
export function KeyImport() {
  const { t } = useTranslation();
  const { client } = useStation();
  const [stationId, setStationId] = useState('');
  const [name, setName] = useState('');
  const [publicKey, setPublicKey] = useState('');
  const save = useApiAction((error) => errorText(t, error));
  const message = save.problem;
  const [done, setDone] = useState('');

  const clear = () => {
    setStationId('');
    setName('');
    setPublicKey('');
    save.clear();
  };

  async function submit(e: FormEvent) {
    e.preventDefault();
    setDone('');
    if (!StationId.safeParse(stationId.trim()).success) return save.fail(t('issue.stationId'));
    if (!name.trim()) return save.fail(t('station.nameRequired'));
    if (!publicKey.trim()) return save.fail(t('station.keyRequired'));
    await save.run(async () => {
      await client.call('importStationKey', { stationId: stationId.trim(), name: name.trim(), publicKey: publicKey.trim() });
      setDone(t('station.imported', { name: name.trim(), stationId: stationId.trim() }));
      clear();
    });
  }

  return (
    <form className="card form station-import" onSubmit={submit} data-testid="key-import">
      <h3>{t('station.importTitle')}</h3>
      <div className="field-row">
        <label>
          {t('station.importStationId')}
          <input value={stationId} inputMode="numeric" maxLength={7} onChange={(e) => setStationId(e.target.value)} data-testid="import-station-id" />
        </label>
        <label className="grow">
          {t('station.importName')}
          <input value={name} maxLength={40} onChange={(e) => setName(e.target.value)} data-testid="import-name" />
        </label>
      </div>
      <label>
        {t('station.importKey')}
        <textarea className="text-block" rows={6} value={publicKey} placeholder="-----BEGIN PUBLIC KEY-----" onChange={(e) => setPublicKey(e.target.value)} data-testid="import-key" />
      </label>
      {done && (
        <p role="status" data-testid="import-done">
          {done}
        </p>
      )}
      <FormFooter message={message} messageTestId="import-message" onCancel={clear} submitLabel={t('station.importSubmit')} submitTestId="import-key-submit" />
    </form>
  );
}
