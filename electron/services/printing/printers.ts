import { asc, eq } from 'drizzle-orm';
import { ApiError, type Operator, type Printer, type PrinterTransportSpec } from '../../../shared/contract';
import { DEFAULT_TEMPLATES, type LabelTemplate } from '../../../shared/domain/label';
import { isoLocal, type Clock } from '../../core/clock';
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
});

export function templateById(id: string): LabelTemplate {
  const t = DEFAULT_TEMPLATES.find((x) => x.id === id);
  if (!t) throw new ApiError('notFound', 'no such label template', { id });
  return t;
}

/** Printers as configured by an admin; the first one configured takes jobs that name none. */
export function createPrinterService(orm: Orm, clock: Clock) {
  const all = () => orm.select().from(printers).orderBy(asc(printers.createdAt), asc(printers.id)).all().map(toPrinter);
  return {
    list: all,
    get(id: string): Printer | null {
      const r = orm.select().from(printers).where(eq(printers.id, id)).get();
      return r ? toPrinter(r) : null;
    },
    defaultPrinter: (): Printer | null => all()[0] ?? null,

    save(input: Omit<Printer, 'id'> & { id?: string }, by: Operator): Printer {
      templateById(input.templateId);
      const fields = { name: input.name, language: input.language, mode: input.mode, transport: JSON.stringify(input.transport), templateId: input.templateId };
      if (input.id) {
        if (orm.update(printers).set(fields).where(eq(printers.id, input.id)).run().changes === 0) throw new ApiError('notFound', 'no such printer', { id: input.id });
        return toPrinter(orm.select().from(printers).where(eq(printers.id, input.id)).get()!);
      }
      const row: Row = { id: clock.id(), ...fields, createdAt: isoLocal(clock.now()), createdBy: by.id };
      orm.insert(printers).values(row).run();
      return toPrinter(row);
    },
  };
}
export type PrinterService = ReturnType<typeof createPrinterService>;
