import type Database from 'better-sqlite3';
import type { Clock } from '../core/clock';
import type { SecretStore } from '../secrets/secretStore';
import type { Orm } from '../store/open';
import type { CatalogService } from './catalog';
import type { LotTree } from './lotTree';
import type { LotViews } from './lotViews';
import type { OperatorService } from './operators';
import type { Emit } from './receiving';
import type { SettingsService } from './settings';
import type { StationIdentity } from './stationIdentity';
import type { SubjectService } from './subjects';
import type { ScaleReadings } from './weighing';

/** What the testing and disposal services are built from (createCore wires it once). */
export interface ServiceDeps {
  orm: Orm;
  sqlite: Database.Database;
  clock: Clock;
  emit: Emit;
  dataDir: string;
  views: LotViews;
  lotTree: LotTree;
  settings: SettingsService;
  catalog: CatalogService;
  subjects: SubjectService;
  operators: OperatorService;
  identity: StationIdentity;
  scales: ScaleReadings;
  /** The signing key, sampler's key and upload token: kept out of station.db (docs/secrets.md). */
  secrets: SecretStore;
  /** Whether a day was closed (日结, docs/day-close.md): its sampling floor then applies at any hour. */
  dayClosed(day: string): boolean;
}
