// Lint fixture: src/core must not import vscode. test/unit/lint/layers.test.ts expects an error here.
import * as vscode from 'vscode';

export const leaked = vscode.version;
