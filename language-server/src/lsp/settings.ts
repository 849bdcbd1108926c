import type { Precision } from '../engine/types';

/** The `rampart.*` settings the server reads (declared in package.json). */
export interface ServerSettings {
	readonly maxFileSizeKb: number;
	readonly parseTimeoutMs: number;
	readonly debounceMs: number;
	readonly minimumPrecision: Precision;
	readonly inlineSuppressions: boolean;
	readonly useBaseline: boolean;
}

export const defaultSettings: ServerSettings = {
	maxFileSizeKb: 1024,
	parseTimeoutMs: 1500,
	debounceMs: 150,
	minimumPrecision: 'low',
	inlineSuppressions: true,
	useBaseline: true,
};

/** Reads the `rampart` configuration section defensively: wrong types fall back to defaults. */
export function parseSettings(raw: unknown): ServerSettings {
	const section = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
	const scan = (typeof section.scan === 'object' && section.scan !== null ? section.scan : {}) as Record<string, unknown>;
	const num = (v: unknown, d: number, min: number) => (typeof v === 'number' && Number.isFinite(v) && v >= min ? v : d);
	const precision = scan.minimumPrecision === 'high' || scan.minimumPrecision === 'medium' || scan.minimumPrecision === 'low' ? scan.minimumPrecision : defaultSettings.minimumPrecision;
	return {
		maxFileSizeKb: num(scan.maxFileSizeKb, defaultSettings.maxFileSizeKb, 1),
		parseTimeoutMs: num(scan.parseTimeoutMs, defaultSettings.parseTimeoutMs, 50),
		debounceMs: num(scan.debounceMs, defaultSettings.debounceMs, 0),
		minimumPrecision: precision,
		inlineSuppressions: typeof scan.inlineSuppressions === 'boolean' ? scan.inlineSuppressions : defaultSettings.inlineSuppressions,
		useBaseline: typeof scan.useBaseline === 'boolean' ? scan.useBaseline : defaultSettings.useBaseline,
	};
}
