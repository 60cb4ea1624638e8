export * from './enrollment.js';
export * from './enums.js';
export * from './passwords.js';
export * from './retry-after.js';
