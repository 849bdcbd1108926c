import type { Rule } from '../../rule';

/** Python rules, one file each (a rule and its audit twin share a file). */
export const pythonRules: readonly Rule[] = [];
