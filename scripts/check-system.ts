// First step of `npm test`: the system packages the tests need (scripts/systemTools.ts), installed
// where this user may, else one clear instruction and a non-zero exit.
import { checkSystem } from './systemTools';

process.exitCode = checkSystem();
