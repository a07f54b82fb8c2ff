import { and, asc, eq, ne } from 'drizzle-orm';
import { ApiError, PRINTER_PURPOSES, type Operator, type Printer, type PrinterPurpose, type PrinterTransportSpec, type ParsedInput } from '../../../shared/contract';
import { DEFAULT_TEMPLATES, type LabelTemplate } from '../../../shared/domain/label';
import { isoLocal, type Clock } from '../../core/clock';
import { changedFields } from '../../../shared/domain/auditChain';
import { appendAudit } from '../audit/append';
import type { Orm } from '../../store/open';
import { printers } from '../../store/schema';

type Row = typeof printers.$inferSelect;
const toPrinter = (r: Row): Printer => ({
  id: r.id,
  name: r.name,
  language: r.language as Printer['language'],
  mode: r.mode as Printer['mode'],
  transport: JSON.parse(r.transport) as PrinterTransportSpec,
  templateId: r.templateId,
  purpose: r.purpose as PrinterPurpose,
  isDefault: r.isDefault,
  encoding: r.encoding as Printer['encoding'],
});

export function templateById(id: string): LabelTemplate {
  const t = DEFAULT_TEMPLATES.find((x) => x.id === id);
  if (!t) throw new ApiError('notFound', 'no such label template', { id });
  return t;
}

/**
 * Printers as configured by an admin, each for one purpose. A job that names no printer goes to
 * its purpose's default: the one marked so, else the first configured for it. Crate labels go to
 * the label printer while no crate printer is set up; receipts never go to a label printer.
 */
export function createPrinterService(orm: Orm, clock: Clock) {
  const all = () => orm.select().from(printers).orderBy(asc(printers.createdAt), asc(printers.id)).all().map(toPrinter);
  const defaultIn = (list: Printer[], purpose: PrinterPurpose): Printer | null => {
    const mine = list.filter((p) => p.purpose === purpose);
    return mine.find((p) => p.isDefault) ?? mine[0] ?? null;
  };
  const defaultFor = (list: Printer[], purpose: PrinterPurpose) => defaultIn(list, purpose) ?? (purpose === 'crate' ? defaultIn(list, 'labels') : null);
  return {
    list: all,
    get(id: string): Printer | null {
      const r = orm.select().from(printers).where(eq(printers.id, id)).get();
      return r ? toPrinter(r) : null;
    },
    defaultFor: (purpose: PrinterPurpose): Printer | null => defaultFor(all(), purpose),
    /** Every purpose's default in one read (the queue asks for all of them at each round). */
    defaults: (): Map<PrinterPurpose, Printer | null> => {
      const list = all();
      return new Map(PRINTER_PURPOSES.map((purpose) => [purpose, defaultFor(list, purpose)]));
    },

    save(input: ParsedInput<'savePrinter'>, by: Operator): Printer {
      templateById(input.templateId);
      const fields = {
        name: input.name,
        language: input.language,
        mode: input.mode,
        transport: JSON.stringify(input.transport),
        templateId: input.templateId,
        purpose: input.purpose,
        isDefault: input.isDefault,
        encoding: input.encoding,
      };
      return orm.transaction((tx) => {
        let id = input.id;
        const prior = id ? (tx.select().from(printers).where(eq(printers.id, id)).get() ?? null) : null;
        if (id) {
          if (tx.update(printers).set(fields).where(eq(printers.id, id)).run().changes === 0) throw new ApiError('notFound', 'no such printer', { id });
        } else {
          id = clock.id();
          tx.insert(printers)
            .values({ id, ...fields, createdAt: isoLocal(clock.now()), createdBy: by.id })
            .run();
        }
        // One default per purpose: marking this one unmarks the others.
        if (input.isDefault)
          tx.update(printers)
            .set({ isDefault: false })
            .where(and(eq(printers.purpose, input.purpose), ne(printers.id, id)))
            .run();
        const keys = Object.keys(fields) as (keyof typeof fields)[];
        appendAudit(orm, { at: isoLocal(clock.now()), by, action: prior ? 'printer.update' : 'printer.create', subject: { kind: 'printer', id }, ...changedFields(prior, fields, keys) });
        return toPrinter(tx.select().from(printers).where(eq(printers.id, id)).get()!);
      });
    },
  };
}
export type PrinterService = ReturnType<typeof createPrinterService>;
