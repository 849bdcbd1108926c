import type { Rule } from '../rule';
import { javascriptRules } from './javascript';
import { pythonRules } from './python';

/** Every rule Rampart ships, JavaScript/TypeScript first, then Python. */
export const allRules: readonly Rule[] = [...javascriptRules, ...pythonRules];
