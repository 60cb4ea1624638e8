export * from './enums.js';
export * from './passwords.js';
