import { Parser, type Tree } from 'web-tree-sitter';
import { languageOfPath, loadLanguage } from '../languages';
import type { LanguageId } from '../types';

/** Parses source files for threat evaluation (files that are not open in an editor, the CLI). */
export class ThreatSourceParser {
	private readonly parsers = new Map<LanguageId, Parser>();

	async parse(text: string, language: LanguageId, oldTree?: Tree): Promise<Tree | undefined> {
		let parser = this.parsers.get(language);
		if (!parser) {
			const grammar = await loadLanguage(language); // initialises tree-sitter first
			parser = new Parser();
			parser.setLanguage(grammar);
			this.parsers.set(language, parser);
		}
		const deadline = performance.now() + 1500;
		return parser.parse(text, oldTree ?? null, { progressCallback: () => performance.now() > deadline }) ?? undefined;
	}

	static languageOf(file: string): LanguageId | undefined {
		return languageOfPath(file);
	}
}
