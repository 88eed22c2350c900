// The shape of a command family: its handlers by command id. Families import this, never the registry that
// collects them, so no family depends on the list it is part of.
import type { Services } from '../services';

export type CommandHandler = (...args: unknown[]) => unknown;
export type CommandFamily = (services: Services) => Record<string, CommandHandler>;
