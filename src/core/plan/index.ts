// Pure planners: topology (+ optional per-slot key counts) in, Plan out. No server access here.
export * from './types';
export * from './balance';
export * from './rebalance';
export * from './reshard';
export * from './render';
export * from './merge';
