import { parseDocument } from '../analysisStore';
import { stpaGraphSchema, type StpaGraph } from '../schemas/stpaGraph';

/** Reads native JSON, validated; errors are the store's typed errors, named after `source`. */
export function fromNativeJson(text: string, source = 'imported graph'): StpaGraph {
	return parseDocument(source, text, stpaGraphSchema, 'stpa');
}
