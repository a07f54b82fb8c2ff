export { openPtyPair, type PtyPair } from '../../serial/pty';
export { RunSensorBox, type RunSensorBoxOptions } from './runSensorBox';
export { ModbusMeterSimulator, type ModbusMeterOptions } from './modbusMeter';
