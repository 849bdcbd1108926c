import { canonicalJson } from '../canonicalJson';
import { stpaGraphSchema, type StpaGraph } from '../schemas/stpaGraph';

export { fromNativeJson } from './nativeImport';
export { subgraph } from './filter';

/** The native interchange form: the same canonical JSON the store keeps in `stpa-sec.json`. */
export function toNativeJson(graph: StpaGraph): string {
	return canonicalJson(stpaGraphSchema.parse(graph));
}
