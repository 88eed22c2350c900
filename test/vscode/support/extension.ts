// The extension under test: its id, made from package.json's publisher and name so no test spells it out, and
// its activated services.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { name, publisher } from '../../../package.json';
import type { Services } from '../../../src/services';

export const EXTENSION_ID = `${publisher}.${name}`;

/** The extension as VS Code loaded it from extensionDevelopmentPath; fails the test when it is missing. */
export function extensionUnderTest(): vscode.Extension<Services | undefined> {
  const ext = vscode.extensions.getExtension<Services | undefined>(EXTENSION_ID);
  assert.ok(ext, `${EXTENSION_ID} is not loaded; extensionDevelopmentPath wrong?`);
  return ext;
}

/**
 * Activates the extension (once; later calls return the same services). activate() rejects when activation throws.
 * The services are its exports only in ExtensionMode.Test, which is how this suite runs.
 */
export async function activateExtension(): Promise<Services> {
  const services = await extensionUnderTest().activate();
  assert.ok(services, `${EXTENSION_ID} exported nothing: not running in ExtensionMode.Test?`);
  return services;
}
