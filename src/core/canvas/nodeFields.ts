import type { NodeKind, StpaNode } from '../store/schemas/stpaGraph';

export interface FieldSpec {
	/** Field name; `anchor.file` names a field inside the anchor. */
	readonly path: string;
	readonly title: string;
	readonly type: 'text' | 'longText' | 'number' | 'enum' | 'nodeRef' | 'list';
	readonly options?: readonly string[];
	/** For nodeRef: kinds it may point at. */
	readonly refKinds?: readonly NodeKind[];
	readonly optional?: boolean;
}

const ENDS: readonly NodeKind[] = ['controller', 'controlledProcess'];
const anchorFields = (optional: boolean): FieldSpec[] => [
	{ path: 'anchor.file', title: 'File', type: 'text', optional },
	{ path: 'anchor.function', title: 'Function', type: 'text', optional },
	{ path: 'anchor.line', title: 'Line', type: 'number', optional: true },
];

const EXTRA: Partial<Record<NodeKind, FieldSpec[]>> = {
	stakeholderRequirement: [{ path: 'cia', title: 'C / I / A', type: 'list', optional: true }],
	controlAction: [
		{ path: 'from', title: 'From', type: 'nodeRef', refKinds: ENDS },
		{ path: 'to', title: 'To', type: 'nodeRef', refKinds: ENDS },
	],
	feedback: [
		{ path: 'from', title: 'From', type: 'nodeRef', refKinds: ENDS },
		{ path: 'to', title: 'To', type: 'nodeRef', refKinds: ENDS },
	],
	unsecureControlAction: [
		{ path: 'ucaType', title: 'Type', type: 'enum', options: ['notProvided', 'provided', 'wrongTiming', 'wrongDuration'] },
		{ path: 'context', title: 'Context', type: 'longText' },
	],
	lossScenario: [
		{ path: 'scenarioKind', title: 'Scenario kind', type: 'enum', options: ['a', 'b'] },
		{ path: 'causalFactor', title: 'Causal factor', type: 'longText' },
	],
	threat: [
		{ path: 'stride', title: 'STRIDE', type: 'enum', options: ['spoofing', 'tampering', 'repudiation', 'informationDisclosure', 'denialOfService', 'elevationOfPrivilege'] },
		{ path: 'cwe', title: 'CWE', type: 'text', optional: true },
		{ path: 'vector', title: 'Vector', type: 'longText' },
		{ path: 'requiredProtection', title: 'Required protection', type: 'longText' },
		{ path: 'status', title: 'Status', type: 'enum', options: ['open', 'inProgress', 'mitigated', 'accepted', 'falsePositive'] },
		...anchorFields(false),
	],
	mitigation: [{ path: 'status', title: 'Status', type: 'enum', options: ['proposed', 'implemented', 'verified', 'rejected'] }, ...anchorFields(true)],
	finding: [
		{ path: 'ruleId', title: 'Rule', type: 'text' },
		{ path: 'cwe', title: 'CWE', type: 'text', optional: true },
		{ path: 'uri', title: 'File', type: 'text' },
		{ path: 'startLine', title: 'Line', type: 'number' },
	],
	codeElement: [
		{ path: 'file', title: 'File', type: 'text' },
		{ path: 'function', title: 'Function', type: 'text', optional: true },
		{ path: 'line', title: 'Line', type: 'number', optional: true },
	],
};

/** Every editable field of a node kind, label and description first. */
export function editableFields(kind: NodeKind): FieldSpec[] {
	return [{ path: 'label', title: 'Label', type: 'text' }, { path: 'description', title: 'Description', type: 'longText', optional: true }, ...(EXTRA[kind] ?? [])];
}

/** A field's value as the text an input shows. */
export function fieldText(node: StpaNode, path: string): string {
	const [head, sub] = path.split('.') as [string, string | undefined];
	let value = (node as Record<string, unknown>)[head];
	if (sub !== undefined) {
		value = (value as Record<string, unknown> | undefined)?.[sub];
	}
	if (Array.isArray(value)) {
		return value.join(', ');
	}
	return value === undefined || value === null ? '' : String(value);
}

type FieldValue = string | number | string[] | Record<string, unknown> | null;

/** The `updateNode` fields for the inputs that changed; empty text clears an optional field. */
export function fieldChanges(node: StpaNode, texts: Readonly<Record<string, string>>): Record<string, FieldValue> {
	const out: Record<string, FieldValue> = {};
	const specs = editableFields(node.kind);
	let anchor: Record<string, unknown> | undefined;
	for (const spec of specs) {
		const text = texts[spec.path];
		if (text === undefined || text === fieldText(node, spec.path)) {
			continue;
		}
		const value: FieldValue =
			text.trim() === '' ? null : spec.type === 'number' ? Number(text) : spec.type === 'list' ? text.split(',').map((s) => s.trim()).filter(Boolean) : text;
		const [head, sub] = spec.path.split('.') as [string, string | undefined];
		if (sub !== undefined) {
			anchor ??= { ...((node as Record<string, unknown>)[head] as Record<string, unknown> | undefined) };
			if (value === null) {
				delete anchor[sub];
			} else {
				anchor[sub] = value;
			}
			out[head] = Object.keys(anchor).length ? anchor : null;
		} else {
			out[head] = value;
		}
	}
	return out;
}

/** Where a node points into the code, if anywhere. */
export function codeLocation(node: StpaNode): { file: string; line?: number; function?: string } | undefined {
	switch (node.kind) {
		case 'codeElement':
			return { file: node.file, line: node.line, function: node.function };
		case 'finding':
			return { file: node.uri, line: node.startLine };
		case 'threat':
			return { file: node.anchor.file, line: node.anchor.line, function: node.anchor.function };
		case 'mitigation':
			return node.anchor ? { file: node.anchor.file, line: node.anchor.line, function: node.anchor.function } : undefined;
		default:
			return undefined;
	}
}
