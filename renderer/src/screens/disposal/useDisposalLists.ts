import { useCallback, useEffect, useState } from 'react';
import type { Disposal, Output } from '../../../../shared/contract';
import { useStation } from '../../api';
import type { Person } from './disposalFlow';

type Hold = Output<'listHolds'>[number];

/** What the screen lists beside the flow: active holds, the last disposals, and who may witness. */
export function useDisposalLists() {
  const { client } = useStation();
  const [people, setPeople] = useState<Person[]>([]);
  const [holds, setHolds] = useState<Hold[]>([]);
  const [recent, setRecent] = useState<Disposal[]>([]);

  const reload = useCallback(() => {
    client.call('listHolds', { active: true }).then(setHolds, () => setHolds([]));
    client.call('listDisposals', { limit: 10 }).then(setRecent, () => undefined);
  }, [client]);
  useEffect(reload, [reload]);
  useEffect(() => {
    client.call('listOperators', {}).then(setPeople, () => setPeople([]));
  }, [client]);

  return { people, holds, recent, reload };
}
