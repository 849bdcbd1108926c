// Threat merge keeps distinct vectors of one CWE; the judge weights are 0.33/0.33/0.34.
import * as assert from 'node:assert/strict';
import { judgeScore, pickBest } from '../../../src/core/pipeline/judgeScoring';
import { mergeThreats, type ThreatDraft } from '../../../src/core/pipeline/threatMerge';

const threat = (over: Partial<ThreatDraft>): ThreatDraft => ({
	file: 'src/db.ts',
	function: 'findUser',
	title: 'SQL injection',
	cwe: 'CWE-89',
	stride: 'tampering',
	vector: 'username concatenated into the SQL query',
	requiredProtection: 'parameterised query',
	severity: 'high',
	...over,
});

describe('pipeline: threat merge', () => {
	it('folds the same function + CWE + vector found on two chains into one, keeping the higher severity', () => {
		const merged = mergeThreats([[threat({ severity: 'medium' })], [threat({ vector: 'Username concatenated into the SQL query.', severity: 'critical' })]]);
		assert.equal(merged.length, 1);
		assert.equal(merged[0]!.severity, 'critical');
	});

	it('keeps two vectors of the same CWE apart', () => {
		const merged = mergeThreats([[threat({})], [threat({ vector: 'sort column name taken from the query string into ORDER BY' })]]);
		assert.equal(merged.length, 2);
	});

	it('keeps the same vector in two functions apart, and joins distinct protections of one threat', () => {
		const merged = mergeThreats([[threat({}), threat({ function: 'listUsers' })], [threat({ requiredProtection: 'allow-list the username characters' })]]);
		assert.equal(merged.length, 2);
		assert.equal(merged[0]!.requiredProtection, 'parameterised query; allow-list the username characters');
	});
});

describe('pipeline: judge scoring', () => {
	it('weights relevance, impact and exploitability 0.33 / 0.33 / 0.34', () => {
		assert.equal(judgeScore({ relevance: 10, impact: 1, exploitability: 1 }), 3.97);
		assert.equal(judgeScore({ relevance: 1, impact: 1, exploitability: 10 }), 4.06);
		assert.equal(judgeScore({ relevance: 8, impact: 6, exploitability: 7 }), 7);
	});

	it('picks the highest score, the earliest on a tie, skips failed judges, and falls back to the first', () => {
		assert.equal(pickBest([{ relevance: 5, impact: 5, exploitability: 5 }, { relevance: 9, impact: 9, exploitability: 9 }]).best, 1);
		assert.equal(pickBest([{ relevance: 7, impact: 7, exploitability: 7 }, { relevance: 7, impact: 7, exploitability: 7 }]).best, 0);
		assert.equal(pickBest([undefined, { relevance: 2, impact: 2, exploitability: 2 }]).best, 1);
		assert.deepEqual(pickBest([undefined, undefined]), { best: 0, scores: [undefined, undefined] });
	});
});
