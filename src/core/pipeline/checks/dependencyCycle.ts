// Check 5: files that depend on each other in a cycle (they cannot be written in dependency order).
import { findCycles } from '../topologicalLayers';
import type { ArchitectureIssue, DesignIndex } from './designIndex';

export function checkDependencyCycle(index: DesignIndex): ArchitectureIssue[] {
	return findCycles(index.deps).map((cycle) => ({ check: 'dependency-cycle', file: cycle[0]!, message: `dependency cycle ${cycle.join(' → ')}. Break it: move the shared part into a file both can depend on.` }));
}
