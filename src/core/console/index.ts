// The console's vscode-free parts: tokenizer, replies, command table and docs, safety gates, routed/broadcast exec.
export * from './tokenize';
export * from './reply';
export * from './commandTable';
export * from './docs';
export * from './safety';
export * from './exec';
export * from './engine';
