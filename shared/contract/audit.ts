import { z } from 'zod';
import { method } from './spec';

/** What the first bad entry shows (shared/domain/auditChain.ts says how each is found). */
export const AuditBreakKind = z.enum(['edited', 'deleted', 'reordered', 'truncated', 'headMismatch', 'lotStatus', 'lotUnrecorded']);
export type AuditBreakKind = z.infer<typeof AuditBreakKind>;

export const ChainHead = z.object({ seq: z.number().int(), hash: z.string() });
export type ChainHead = z.infer<typeof ChainHead>;

/** The result of 审计核验: the chain walked and every lot's status compared with its last entry. */
export const AuditVerdict = z.object({
  ok: z.boolean(),
  /** Entries that verified before the first break (every one when ok). */
  entries: z.number().int(),
  head: ChainHead.nullable(),
  lotsChecked: z.number().int(),
  break: z
    .object({
      kind: AuditBreakKind,
      seq: z.number().int(),
      movedFrom: z.number().int().optional(),
      lotId: z.string().optional(),
      lotCode: z.string().optional(),
      recorded: z.string().optional(),
      found: z.string().optional(),
      /** The entry at `seq` as it reads now, when there is one. */
      entry: z.object({ at: z.string(), action: z.string(), operatorName: z.string().nullable(), subjectKind: z.string(), subjectId: z.string() }).optional(),
    })
    .optional(),
});
export type AuditVerdict = z.infer<typeof AuditVerdict>;

export const auditMethods = {
  /** 审计核验: walks the whole audit chain and names the first edited, deleted, moved or cut-off entry. */
  verifyAudit: method({ access: ['manager'], input: z.object({}).strict(), output: AuditVerdict }),
} as const;
