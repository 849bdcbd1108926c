import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The official SARIF 2.1.0 JSON schema (JSON Schema 2020-12), as shipped in the npm package
 * @microsoft/sarif-multitool-linux 5.7.0 (`sarif-2.1.0.json`, MIT licence, Microsoft), vendored
 * unchanged at language-server/src/engine/report/sarifSchema.json.
 */
export const sarifSchemaPath = join(__dirname, '..', '..', '..', 'language-server', 'src', 'engine', 'report', 'sarifSchema.json');

let validator: ((log: unknown) => string[]) | undefined;

/** Validates a SARIF log against the schema; returns the errors (empty when valid). */
export function sarifSchemaErrors(log: unknown): string[] {
	if (!validator) {
		const ajv = new Ajv2020({ allErrors: true, strict: false });
		addFormats(ajv);
		const validate = ajv.compile(JSON.parse(readFileSync(sarifSchemaPath, 'utf8')) as object);
		validator = (value) => (validate(value) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`));
	}
	return validator(log);
}
