// Per-grammar mapping from tree-sitter nodes to the neutral Call/Expr shape. Node types are those of the
// grammars shipped by tree-sitter-wasms (tree-sitter-java, fwcd's tree-sitter-kotlin, tree-sitter-python).
import type { Adapter } from './common';
import { java } from './java';
import { kotlin } from './kotlin';
import { python } from './python';

export type { Adapter } from './common';

export const adapters: Record<'java' | 'kotlin' | 'python', Adapter> = { java, kotlin, python };
