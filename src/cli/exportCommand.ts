import { toDot } from '../core/store/export/dot';
import { toDrawio } from '../core/store/export/drawio';
import { filterGraph, parseGraphFilters } from '../core/store/export/filter';
import { toGraphml } from '../core/store/export/graphml';
import { toMermaid } from '../core/store/export/mermaid';
import { toNativeJson } from '../core/store/export/native';
import { toOtmJson } from '../core/store/export/otm';
import type { Io } from './scanCommand';
import { emit, parseStoreArgs, runStoreCommand, storeFor, StoreUsageError } from './storeArgs';

export const EXPORT_FORMATS = ['drawio', 'mermaid', 'graphml', 'dot', 'otm', 'json'] as const;

export const exportUsage = `Usage: rampart export --format ${EXPORT_FORMATS.join('|')} [options]

Exports the STPA-Sec model of .rampart/ (stpa-sec.json, with layout.json for draw.io coordinates).

Options:
  --format FORMAT      ${EXPORT_FORMATS.join(', ')} (required)
  --out FILE           Write to FILE instead of stdout
  --filter SPEC        Export a view; repeatable, filters intersect:
                         kind:threat,mitigation   only these node kinds
                         trace:M-1                the trace of M-1 to the stakeholder requirements
                         impact:H-2               H-2 and everything below it
  --workspace DIR      Workspace folder (default: the current folder)
  -h, --help           Show this help`;

/** `rampart export`: one graph format to stdout or a file. */
export function exportCommand(argv: readonly string[], io: Io): Promise<number> {
	return runStoreCommand('export', io, async () => {
		const { values } = parseStoreArgs(argv, { format: { type: 'string' }, out: { type: 'string' }, filter: { type: 'string', multiple: true }, workspace: { type: 'string' } }, 0);
		if (values.help) {
			io.stdout.write(`${exportUsage}\n`);
			return 0;
		}
		const format = values.format as (typeof EXPORT_FORMATS)[number] | undefined;
		if (!format || !EXPORT_FORMATS.includes(format)) {
			throw new StoreUsageError(`--format must be one of ${EXPORT_FORMATS.join(', ')}${format ? ` (got '${format}')` : ''}`);
		}
		const store = storeFor(io, values.workspace);
		const full = await store.read('stpa');
		if (!full) {
			throw new StoreUsageError('no STPA-Sec model: .rampart/stpa-sec.json does not exist');
		}
		const filters = values.filter ?? [];
		const graph = filters.length ? filterGraph(full, parseGraphFilters(filters)) : full;
		let text: string;
		switch (format) {
			case 'drawio':
				text = toDrawio(graph, await store.read('layout'));
				break;
			case 'mermaid':
				text = toMermaid(graph);
				break;
			case 'graphml':
				text = toGraphml(graph);
				break;
			case 'dot':
				text = toDot(graph);
				break;
			case 'otm': {
				const severities = new Map(((await store.read('threatModel'))?.threats ?? []).map((t) => [t.id, t.severity]));
				text = toOtmJson(graph, { severityOf: (id) => severities.get(id) });
				break;
			}
			case 'json':
				text = toNativeJson(graph);
				break;
		}
		await emit(io, values.out, text);
		if (values.out !== undefined) {
			io.stderr.write(`rampart export: wrote ${graph.nodes.length} nodes and ${graph.edges.length} edges as ${format} to ${values.out}\n`);
		}
		return 0;
	});
}
