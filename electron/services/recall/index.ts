import { ApiError, type Operator, type ParsedInput } from '../../../shared/contract';
import type { ServiceDeps } from '../deps';

// PLACEHOLDER while issue 17 is built (session 8): replaced by the recall service in this session.
const notYet = (): never => {
  throw new ApiError('internal', 'recalls are not built yet');
};

export function createRecallService(_deps: ServiceDeps) {
  return {
    preview: (_i: ParsedInput<'previewRecall'>) => notYet(),
    start: (_i: ParsedInput<'startRecall'>, _by: Operator) => notYet(),
    list: (_i: ParsedInput<'listRecalls'>) => notYet(),
    get: (_i: ParsedInput<'getRecall'>, _by: Operator) => notYet(),
    mark: (_i: ParsedInput<'markRecallLot'>, _by: Operator) => notYet(),
    close: (_i: ParsedInput<'closeRecall'>, _by: Operator) => notYet(),
    lift: (_i: ParsedInput<'liftRecall'>, _by: Operator) => notYet(),
    exportRecall: (_i: ParsedInput<'exportRecall'>, _by: Operator) => notYet(),
  };
}
export type RecallService = ReturnType<typeof createRecallService>;
