// The core's public surface: everything the extension, the CLI and the tests use.
export * from './profile';
export * from './slots';
export * from './errors';
export * from './redact';
export * from './connect';
export * from './session';
export * from './topology';
export * from './keys';
export * from './agreement';
export * from './keyName';
export * from './scan';
export * from './lookup';
export * from './values';
export * from './deadline';
export * from './distribution';
export * from './metrics';
export * from './slowlog';
export * from './plan/create';
export {
  type LifecycleProgress, type LifecycleOptions, AdminRefusedError, assertAdminAllowed, takeAdminLock, releaseAdminLock,
} from './ops/lifecycle-util';
export * from './ops/create';
export * from './ops/nodes';
export * from './ops/forget';
export * from './ops/failover';
export * from './plan';
export * from './ops/guard';
export * from './ops/lock';
export * from './ops/migrate';
export { MigrationError, type SlotFailure } from './ops/migrateSlots';
export * from './ops/check';
export * from './ops/fix';
export * from './info';
export * from './ops/merge';
export * from './doctor';
