/**
 * The market's places as EPCIS locations (readPoint / bizLocation) and the hierarchy a hub needs to
 * answer `WD_bizLocation` ("everything in this market"): market → 入场区, 待检区, 交易区 (→ stalls),
 * 贮存区, 出货区. With a market GLN each place is an SGLN — the GLN plus an AI 254 extension — in
 * its GS1 Digital Link form (CBV 2.0 allows it, and the CBV 2.0 event hash turns `urn:epc:id:sgln`
 * URNs into this form anyway, so it needs no company-prefix length). Without a GLN the places live
 * under the station's URN namespace (docs/upload.md).
 */
import type { Zone } from '../../contract';
import { encodeDigitalLinkValue } from '../digitalLink';

export const VTYPE_BUSINESS_LOCATION = 'urn:epcglobal:epcis:vtype:BusinessLocation';
export const VTYPE_READ_POINT = 'urn:epcglobal:epcis:vtype:ReadPoint';

/** Where the places hang: the market's GLN when entered, else the station (its 7-digit id). */
export interface LocationRoot {
  marketGln: string | null;
  stationId: string | null;
}

/** AI 254 extensions of the plan's zones (CSET 82, ≤ 20 characters). */
const ZONE_EXTENSION: Record<Exclude<Zone, 'none'>, string> = {
  entry: 'ENTRY',
  awaitingTest: 'TEST',
  trading: 'TRADE',
  storage: 'STORE',
  dispatch: 'EXIT',
};

/** A zone's place; `none` (gone from the market) and a missing zone mean the market itself. */
export function placeUri(root: LocationRoot, extension: string | null): string {
  if (root.marketGln) return `https://id.gs1.org/414/${root.marketGln}${extension ? `/254/${encodeDigitalLinkValue(extension)}` : ''}`;
  const station = `urn:yipin-yima:station:${root.stationId ?? 'unassigned'}`;
  return extension ? `${station}:loc:${encodeURIComponent(extension)}` : station;
}

export const marketUri = (root: LocationRoot) => placeUri(root, null);
/** The station's desk as a read point (AI 254 = its 7-digit id). */
export const deskUri = (root: LocationRoot) => placeUri(root, root.stationId ?? 'unassigned');
export const zoneUri = (root: LocationRoot, zone: Zone) => placeUri(root, zone === 'none' ? null : ZONE_EXTENSION[zone]);
/**
 * A stall's place under 交易区. Its extension is `S` + the random part of its ULID (16 characters,
 * 80 bits): ids are 26 characters, over AI 254's 20, and the time part is shared by stalls made together.
 */
export const stallUri = (root: LocationRoot, stallId: string) => placeUri(root, `S${stallId.slice(10)}`);

/** One vocabulary of a document's master data. */
export interface PlaceVocabulary {
  type: string;
  vocabularyElementList: LocationElement[];
}

export interface LocationElement {
  id: string;
  attributes: { id: string; attribute: unknown }[];
  children?: string[];
}

/**
 * The hierarchy as EPCIS master data (BusinessLocation vocabulary, EPCIS 2.0 §7.1.4 `children`):
 * the market with its zones, 交易区 with its stalls; names as CBV `name` attributes.
 */
export function locationVocabulary(root: LocationRoot, marketName: string, zoneNames: Record<Exclude<Zone, 'none'>, string>, stalls: readonly { id: string; name: string }[]): LocationElement[] {
  const name = (n: string) => [{ id: 'urn:epcglobal:cbv:mda#name', attribute: n }];
  const zones = Object.keys(ZONE_EXTENSION) as Exclude<Zone, 'none'>[];
  const stallIds = stalls.map((s) => stallUri(root, s.id));
  return [
    { id: marketUri(root), attributes: name(marketName), children: zones.map((z) => zoneUri(root, z)) },
    ...zones.map((z) => ({ id: zoneUri(root, z), attributes: name(zoneNames[z]), ...(z === 'trading' && stallIds.length ? { children: stallIds } : {}) })),
    ...stalls.map((s, i) => ({ id: stallIds[i], attributes: name(s.name) })),
  ];
}

/** 入场区 … 出货区 as the plan names them: the places' names in master data. */
export const ZONE_NAMES_ZH: Record<Exclude<Zone, 'none'>, string> = { entry: '入场区', awaitingTest: '待检区', trading: '交易区', storage: '贮存区', dispatch: '出货区' };

/**
 * What a document's header says of the market's places: the hierarchy (BusinessLocation) and the
 * desk under the market (ReadPoint), so `WD_bizLocation` and `WD_readPoint` on the market find
 * every event of it. Only with a market GLN: station URNs name no place a hub shares.
 */
export function placeVocabularies(root: LocationRoot, marketName: string, stalls: readonly { id: string; name: string }[], deskName: string): PlaceVocabulary[] {
  if (!root.marketGln) return [];
  const desk = deskUri(root);
  return [
    { type: VTYPE_BUSINESS_LOCATION, vocabularyElementList: locationVocabulary(root, marketName, ZONE_NAMES_ZH, stalls) },
    {
      type: VTYPE_READ_POINT,
      vocabularyElementList: [
        { id: marketUri(root), attributes: [{ id: 'urn:epcglobal:cbv:mda#name', attribute: marketName }], children: [desk] },
        { id: desk, attributes: [{ id: 'urn:epcglobal:cbv:mda#name', attribute: deskName }] },
      ],
    },
  ];
}
