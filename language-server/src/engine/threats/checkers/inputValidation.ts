import type { CheckerSpec } from '../patterns';

/** CWE-20: the request is validated against a schema (zod, joi, yup, express-validator, pydantic, marshmallow). */
export const inputValidation: CheckerSpec = {
	kind: 'input-validation',
	title: 'request schema validation',
	cwes: [20, 1284, 1287],
	keywords: /validat|schema|zod|joi|yup|pydantic|marshmallow/i,
	javascript: {
		evidence: [
			{ describe: 'schema validation', call: /(schema|Schema|validator|Validator)\w*\.(parse|safeParse|parseAsync|safeParseAsync|validate|validateAsync|validateSync|isValid)$/ },
			{ describe: 'schema validation', call: /^(z|Joi|joi|yup)\.\w+/ },
			{ describe: 'express-validator', call: /^(body|query|param|check|checkSchema|validationResult|matchedData)$/, scopes: ['function', 'middleware', 'helper'] },
			{ describe: 'validation middleware', call: /^(validate\w*|celebrate|validateBody|validateRequest)$/, scopes: ['middleware'] },
			{ describe: 'ajv validation', call: /^(ajv\.(compile|validate)|validate)$/, scopes: ['function', 'helper'] },
		],
	},
	python: {
		evidence: [
			{ describe: 'pydantic model parameter', annotation: /\bBaseModel\b/ },
			{ describe: 'pydantic validation', call: /\.(model_validate|model_validate_json|parse_obj|parse_raw)$/ },
			{ describe: 'marshmallow schema load', call: /(Schema\(\)|schema|Schema)\.(load|validate)$/ },
			{ describe: 'form validation', call: /\.(validate_on_submit|is_valid|validate)$/ },
		],
	},
};
