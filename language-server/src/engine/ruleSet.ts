import { type Language, Query } from 'web-tree-sitter';
import type { Rule } from './rule';
import type { LanguageId } from './types';

/** All rules of one language compiled into one combined query; pattern index → rule. */
export interface CompiledRuleSet {
	readonly query: Query | undefined;
	readonly ruleOfPattern: readonly Rule[];
	readonly errors: ReadonlyArray<{ readonly ruleId: string; readonly message: string }>;
}

export function compileRuleSet(language: Language, languageId: LanguageId, rules: readonly Rule[]): CompiledRuleSet {
	const ruleOfPattern: Rule[] = [];
	const sources: string[] = [];
	const errors: Array<{ ruleId: string; message: string }> = [];
	for (const rule of rules) {
		if (!rule.languages.includes(languageId)) {
			continue;
		}
		let single: Query;
		try {
			single = new Query(language, rule.query);
		} catch (error) {
			errors.push({ ruleId: rule.id, message: `query does not compile for ${languageId}: ${(error as Error).message}` });
			continue;
		}
		if (!single.captureNames.includes('finding')) {
			errors.push({ ruleId: rule.id, message: 'query has no @finding capture' });
			single.delete();
			continue;
		}
		for (let i = 0; i < single.patternCount(); i++) {
			ruleOfPattern.push(rule);
		}
		single.delete();
		sources.push(rule.query);
	}
	const query = sources.length > 0 ? new Query(language, sources.join('\n')) : undefined;
	return { query, ruleOfPattern, errors };
}
