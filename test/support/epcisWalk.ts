/**
 * The walks a recall and a public trace page do over a shared EPCIS repository, expressed only as
 * sequences of SimpleEventQuery calls (REST `GET /events?…`). No repository follows a split on the
 * server (FasTnT and OpenEPCIS match identifiers, they do not join events), so the client asks level
 * by level: which TransformationEvent made this code (MATCH_outputEPC / MATCH_outputEPCClass), what
 * went into it, and which TransformationEvents consumed it (MATCH_inputEPC / MATCH_inputEPCClass).
 * A walk takes a `QueryFn`, so the same code runs against `localHub` (the in-test evaluator) here and
 * against a real repository elsewhere; `localHub` records every query, so a test can assert the walk
 * used nothing but standard queries.
 */
import { queryEvents, type EpcisEvent, type EpcisMasterData, type QueryParams } from './epcisQuery';

/** Answers one SimpleEventQuery (a repository, or `localHub`). */
export type QueryFn = (params: QueryParams) => EpcisEvent[] | Promise<EpcisEvent[]>;

/** Identifiers per query: a REST query is a URL, and repositories refuse long ones (HTTP 414). */
export const IDS_PER_QUERY = 40;

/** A repository holding `events`, answering with `queryEvents`; `log` lists every query asked, in order. */
export function localHub(events: readonly EpcisEvent[], masterData?: EpcisMasterData | readonly EpcisMasterData[]): QueryFn & { log: QueryParams[] } {
  const log: QueryParams[] = [];
  const hub = (params: QueryParams) => {
    log.push(params);
    return queryEvents(events, params, masterData);
  };
  return Object.assign(hub, { log });
}

/** What a TransformationEvent consumed: `inputEPCList` and the classes of `inputQuantityList`. */
export function inputsOf(event: EpcisEvent): string[] {
  return [...(event.inputEPCList ?? []), ...(event.inputQuantityList ?? []).map((q) => q.epcClass)];
}

/** What a TransformationEvent produced: `outputEPCList` and the classes of `outputQuantityList`. */
export function outputsOf(event: EpcisEvent): string[] {
  return [...(event.outputEPCList ?? []), ...(event.outputQuantityList ?? []).map((q) => q.epcClass)];
}

/** Every object an event names (instance and class identifiers in all its what-fields). */
export function objectsOf(event: EpcisEvent): string[] {
  const classes = [event.quantityList, event.childQuantityList, event.inputQuantityList, event.outputQuantityList].flatMap((l) => (l ?? []).map((q) => q.epcClass));
  return [...(event.epcList ?? []), ...(event.childEPCs ?? []), ...(event.parentID ? [event.parentID] : []), ...(event.inputEPCList ?? []), ...(event.outputEPCList ?? []), ...classes];
}

/** The TransformationEvents that produced any of `ids`: `MATCH_outputEPC`, then `MATCH_outputEPCClass` (a lot may be listed either way). */
export async function producersOf(query: QueryFn, ids: readonly string[]): Promise<EpcisEvent[]> {
  return askByIds(query, ids, ['MATCH_outputEPC', 'MATCH_outputEPCClass'], { eventType: 'TransformationEvent' });
}

/** The TransformationEvents that consumed any of `ids`: `MATCH_inputEPC`, then `MATCH_inputEPCClass`. */
export async function consumersOf(query: QueryFn, ids: readonly string[]): Promise<EpcisEvent[]> {
  return askByIds(query, ids, ['MATCH_inputEPC', 'MATCH_inputEPCClass'], { eventType: 'TransformationEvent' });
}

/** Every event naming any of `ids` in any role: `MATCH_anyEPC`, then `MATCH_anyEPCClass`. Sorted by eventTime. */
export async function eventsAbout(query: QueryFn, ids: readonly string[], extra: QueryParams = {}): Promise<EpcisEvent[]> {
  return byEventTime(await askByIds(query, ids, ['MATCH_anyEPC', 'MATCH_anyEPCClass'], extra));
}

export interface UpWalk {
  /** Every ancestor of the code, nearest first (breadth-first over inputs). */
  ancestors: string[];
  /** Ancestors no TransformationEvent produced: where the goods entered. */
  roots: string[];
  /** The TransformationEvents on the way up, by eventTime. */
  transformations: EpcisEvent[];
  /** The ADD ObjectEvents of the roots (entry into the market), by eventTime. */
  sources: EpcisEvent[];
}

/**
 * From a code to where its goods came in: producers level by level until no TransformationEvent
 * produced the identifiers, then the ADD ObjectEvents of those roots
 * (`eventType=ObjectEvent&EQ_action=ADD&MATCH_epc=…`, then `MATCH_epcClass=…`). A code no
 * TransformationEvent produced is its own root.
 */
export async function walkUp(query: QueryFn, id: string): Promise<UpWalk> {
  const seen = new Set([id]);
  const ancestors: string[] = [];
  const roots: string[] = [];
  const transformations = new Map<string, EpcisEvent>();
  let frontier = [id];
  while (frontier.length > 0) {
    const next: string[] = [];
    for (const current of frontier) {
      const producers = await producersOf(query, [current]);
      if (producers.length === 0) roots.push(current);
      for (const event of producers) {
        transformations.set(keyOf(event), event);
        for (const input of inputsOf(event)) {
          if (seen.has(input)) continue;
          seen.add(input);
          ancestors.push(input);
          next.push(input);
        }
      }
    }
    frontier = next;
  }
  const sources = await askByIds(query, roots, ['MATCH_epc', 'MATCH_epcClass'], { eventType: 'ObjectEvent', EQ_action: 'ADD' });
  return { ancestors, roots, transformations: byEventTime([...transformations.values()]), sources: byEventTime(sources) };
}

export interface DownWalk {
  /** Every identifier made from the code, nearest first. */
  descendants: string[];
  /** The TransformationEvents on the way down, by eventTime. */
  transformations: EpcisEvent[];
}

/** From a code to everything made from it: consumers level by level (one query pair per level, identifiers batched). */
export async function walkDown(query: QueryFn, id: string): Promise<DownWalk> {
  const seen = new Set([id]);
  const descendants: string[] = [];
  const transformations = new Map<string, EpcisEvent>();
  let frontier = [id];
  while (frontier.length > 0) {
    const next: string[] = [];
    for (const event of await consumersOf(query, frontier)) {
      transformations.set(keyOf(event), event);
      for (const output of outputsOf(event)) {
        if (seen.has(output)) continue;
        seen.add(output);
        descendants.push(output);
        next.push(output);
      }
    }
    frontier = next;
  }
  return { descendants, transformations: byEventTime([...transformations.values()]) };
}

/** The state of one object after a run of events: what EPCIS says holds "until contradicted by a subsequent event". */
export interface ObjectState {
  /** The disposition of the latest event that set one (a TransformationEvent's disposition is its outputs'). */
  disposition?: string;
  /** persistentDisposition values set and not unset since. */
  persistent: string[];
  /** The latest event naming the object. */
  last: EpcisEvent;
  /** An ObjectEvent with action DELETE named it last. */
  deleted: boolean;
}

/**
 * Folds `events` (any order; sorted by eventTime here) into each object's state, for the objects in
 * `ids` (all objects when omitted). This is the client's half of "everything still held" and
 * "everything recalled": the repository finds the candidate events, the client asks whether a later
 * event contradicted them.
 */
export function objectStates(events: readonly EpcisEvent[], ids?: readonly string[]): Map<string, ObjectState> {
  const wanted = ids ? new Set(ids) : undefined;
  const states = new Map<string, ObjectState>();
  for (const event of byEventTime(events)) {
    const affected = event.type === 'TransformationEvent' ? outputsOf(event) : objectsOf(event);
    for (const id of event.type === 'TransformationEvent' ? [...inputsOf(event), ...affected] : affected) {
      if (wanted && !wanted.has(id)) continue;
      const state = states.get(id) ?? { persistent: [], last: event, deleted: false };
      state.last = event;
      if (affected.includes(id)) {
        if (event.disposition !== undefined) state.disposition = event.disposition;
        const unset = new Set(event.persistentDisposition?.unset ?? []);
        state.persistent = [...state.persistent.filter((d) => !unset.has(d)), ...(event.persistentDisposition?.set ?? []).filter((d) => !state.persistent.includes(d))];
        state.deleted = event.type === 'ObjectEvent' && event.action === 'DELETE';
      }
      states.set(id, state);
    }
  }
  return states;
}

/** Events sorted by eventTime (stable), as a client orders a repository's answer. */
export function byEventTime(events: readonly EpcisEvent[]): EpcisEvent[] {
  return events
    .map((event, i) => ({ event, i, at: Date.parse(event.eventTime.replace(/(\.\d{3})\d+/, '$1')) }))
    .sort((a, b) => a.at - b.at || a.i - b.i)
    .map((x) => x.event);
}

/** Asks each parameter in turn for the ids (batched IDS_PER_QUERY at a time, pipe-delimited), merging answers by eventID. */
async function askByIds(query: QueryFn, ids: readonly string[], params: string[], extra: QueryParams): Promise<EpcisEvent[]> {
  const found = new Map<string, EpcisEvent>();
  for (const param of params)
    for (let i = 0; i < ids.length; i += IDS_PER_QUERY) for (const event of await query({ ...extra, [param]: ids.slice(i, i + IDS_PER_QUERY).join('|') })) found.set(keyOf(event), event);
  return [...found.values()];
}

function keyOf(event: EpcisEvent): string {
  return event.eventID ?? JSON.stringify(event);
}
