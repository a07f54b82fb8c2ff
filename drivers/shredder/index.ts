// Importing this costs nothing native: the serial and Modbus monitors load their libraries in start().
export type { DeviceError, MissedRuns, ShredderErrorKind, ShredderEvents, ShredderMode, ShredderMonitor, ShredderRun, ShredderStatus } from './types';
export { matchRun, type RunMatch } from './matchRun';
export { ManualShredderMonitor } from './manualMonitor';
export { SerialShredderMonitor, type SerialShredderOptions } from './serialMonitor';
export { ModbusShredderMonitor, SDM120_DEFAULTS, type ModbusShredderOptions } from './modbusMonitor';
export type { RegisterFormat } from './registers';
