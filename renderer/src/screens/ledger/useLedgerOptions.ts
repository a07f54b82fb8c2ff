import { useEffect, useState } from 'react';
import type { Category, Subject } from '../../../../shared/contract';
import { useStation } from '../../api';

export interface LedgerOptions {
  categories: Category[];
  suppliers: Subject[];
  stalls: Subject[];
  operators: { id: string; name: string }[];
}

/** What the filters offer: categories, suppliers, stalls and the staff who record entries. */
export function useLedgerOptions(): LedgerOptions {
  const { client } = useStation();
  const [options, setOptions] = useState<LedgerOptions>({ categories: [], suppliers: [], stalls: [], operators: [] });
  useEffect(() => {
    let live = true;
    Promise.all([client.call('listCategories', {}), client.call('listSubjects', { kind: 'supplier' }), client.call('listSubjects', { kind: 'stall' }), client.call('listOperators', {})]).then(
      ([categories, suppliers, stalls, operators]) =>
        live && setOptions({ categories, suppliers, stalls, operators: operators.filter((o) => o.role === 'receiver' || o.role === 'manager' || o.role === 'admin') }),
      () => {
        // The filters stay empty; the page's own call reports what is wrong.
      },
    );
    return () => {
      live = false;
    };
  }, [client]);
  return options;
}
