export { playCue, type Cue } from './sounds';
export { ALERT_COLOURS, LOT_STATUS_COLOURS, VERDICT_COLOURS } from './colours';
