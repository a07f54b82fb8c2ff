import type { Handlers } from '../../core/dispatch';
import type { disposalMethods } from '../../../shared/contract';
import { ApiError } from '../../../shared/contract';
import type { ServiceDeps } from '../deps';

/** Disposal (无害化处理) with shredder logging and the kept certificate. PLACEHOLDER: being built. */
export function createDisposalService(_deps: ServiceDeps): { start(): Promise<void>; close(): Promise<void>; handlers: Pick<Handlers, keyof typeof disposalMethods> } {
  const notYet = () => {
    throw new ApiError('internal', 'disposal is not built yet');
  };
  return {
    start: async () => {},
    close: async () => {},
    handlers: { getShredderSettings: notYet, saveShredderSettings: notYet, shredderStatus: notYet, startShredding: notYet, stopShredding: notYet, disposeLot: notYet, listDisposals: notYet, getDisposalCertificate: notYet },
  };
}
