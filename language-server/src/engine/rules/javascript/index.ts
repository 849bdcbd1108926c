import type { Rule } from '../../rule';
import { evalAudit, evalInjection } from './evalInjection';

/** JavaScript/TypeScript/TSX rules, one file each (a rule and its audit twin share a file). */
export const javascriptRules: readonly Rule[] = [evalInjection, evalAudit];
