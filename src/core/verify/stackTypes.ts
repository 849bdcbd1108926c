// What stack detection produces: per stack found in a folder, the commands of each verification
// step (or why a step has none) and the base image its container uses.
import { promises as fs } from 'node:fs';
import { join, resolve, sep } from 'node:path';

export const STEP_KINDS = ['install', 'build', 'lint', 'typecheck', 'test', 'smoke'] as const;
export type StepKind = (typeof STEP_KINDS)[number];

export type StackId = 'node' | 'python' | 'go' | 'rust' | 'php' | 'docker';

export interface StepCommand {
	command: string;
	args: string[];
	/** Install steps reach a registry; everything else runs with the network off. */
	network: 'none' | 'allowed';
}

export interface StackPlan {
	stack: StackId;
	/** Default base image for the stack's container (a setting overrides it). */
	image: string;
	/** The files that made the detector decide, workspace-relative. */
	detectedFrom: string[];
	steps: Partial<Record<StepKind, StepCommand>>;
	/** Steps with no command, and why (never silently absent). */
	skipped: Partial<Record<StepKind, string>>;
}

/** Read-only view of the project folder the detectors look at. */
export interface ProjectFiles {
	exists(path: string): Promise<boolean>;
	/** Text of a file, or undefined when missing or not a file. */
	read(path: string): Promise<string | undefined>;
	/** Names in a folder ('' for the root); [] when missing. */
	list(dir: string): Promise<string[]>;
}

export function folderFiles(root: string): ProjectFiles {
	const base = resolve(root);
	const abs = (p: string): string => {
		const full = resolve(base, p);
		if (full !== base && !full.startsWith(base + sep)) {
			throw new Error(`path leaves the project: ${p}`);
		}
		return full;
	};
	return {
		exists: async (p) => fs.access(abs(p)).then(
			() => true,
			() => false,
		),
		read: async (p) => fs.readFile(abs(p), 'utf8').catch(() => undefined),
		list: async (d) => fs.readdir(join(abs(d))).catch(() => []),
	};
}

export const step = (command: string, args: string[], network: 'none' | 'allowed' = 'none'): StepCommand => ({ command, args, network });

export type StackDetector = (files: ProjectFiles) => Promise<StackPlan | undefined>;
