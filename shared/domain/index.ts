// Public API of the pure domain layer (no Node, DOM or Electron imports anywhere below).
export * from './categories';
export * from './codeLabel';
export * from './codes';
export * from './damm';
export * from './digitalLink';
export * from './entryRules';
export * from './gs1';
export * from './gs1Check';
export * from './lotCode';
export * from './ownCode';
export * from './scanText';
export * from './settings';
export * from './uscc';
export * from './weightCode';
