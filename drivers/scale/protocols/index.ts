import type { ScaleProtocol } from '../types';
import { asciiFamily } from './asciiFamily';
import { mtSics } from './mtSics';
import { retailEnqDc1 } from './retailEnqDc1';
import { toledo8217 } from './toledo8217';
import { toledoContinuous } from './toledoContinuous';
import { yaohuaA12 } from './yaohuaA12';
import { yaohuaA9 } from './yaohuaA9';
import { yaohuaEquals } from './yaohuaEquals';

/** Every protocol with its default settings; the factories take the not-confirmed options. */
export const SCALE_PROTOCOLS: ScaleProtocol[] = [
  asciiFamily(),
  asciiFamily({ utf8Units: true }),
  toledoContinuous(),
  toledoContinuous({ checksum: true }),
  mtSics,
  yaohuaA9(),
  toledo8217(),
  yaohuaEquals(),
  yaohuaEquals('kg', 'reversed'),
  yaohuaEquals('kg', 'normal'),
  yaohuaA12,
  retailEnqDc1(),
];

/**
 * What auto-detection tries: the 耀华 "=" orders as two fixed protocols, not the one that learns the
 * order, so that detection answers with an order (or says it cannot tell).
 */
export const DETECTABLE_PROTOCOLS: ScaleProtocol[] = SCALE_PROTOCOLS.filter((p) => p.id !== 'yaohua-equals');

export const protocolById = (id: string): ScaleProtocol | undefined => SCALE_PROTOCOLS.find((p) => p.id === id);
