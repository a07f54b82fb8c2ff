export { playCue, type Cue } from './sounds';
export { ALERT_COLOURS, VERDICT_COLOURS } from './colours';
