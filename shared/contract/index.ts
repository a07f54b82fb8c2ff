export * from './roles';
export * from './errors';
export * from './entities';
export * from './methods';
export * from './testing';
export * from './disposal';
export * from './sync';
export * from './events';
export type * from './client';
