// The "Redis Cluster" log channel. Every line passes through redact() with every secret this session has seen.
import * as vscode from 'vscode';
import { redact } from '../core/common/redact';

export class Log implements vscode.Disposable {
  readonly channel = vscode.window.createOutputChannel('Redis Cluster', { log: true });
  private readonly secrets = new Set<string>();

  /** Registers a secret so it is masked in every later line. */
  addSecret(secret: string | undefined): void {
    if (secret) this.secrets.add(secret);
  }

  /** Every secret seen so far, for callers that mask their own output (the agent tools' results). */
  knownSecrets(): string[] {
    return [...this.secrets];
  }

  private clean(text: string): string {
    return redact(text, [...this.secrets]);
  }

  info(text: string): void {
    this.channel.info(this.clean(text));
  }
  warn(text: string): void {
    this.channel.warn(this.clean(text));
  }
  error(text: string): void {
    this.channel.error(this.clean(text));
  }
  /** An admin action, written as the shell line that replays it (ReplayFiles.line). */
  action(line: string): void {
    this.channel.info(`action: ${this.clean(line)}`);
  }

  show(): void {
    this.channel.show(true);
  }

  dispose(): void {
    this.channel.dispose();
  }
}
