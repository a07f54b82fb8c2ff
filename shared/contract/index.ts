export * from './roles';
export * from './errors';
export * from './entities';
export * from './methods';
export * from './events';
export type * from './client';
