import { addStyle, el } from '../shared/vscodeApi';

addStyle(`body { padding: 16px; color: var(--vscode-foreground); font-family: var(--vscode-font-family); }
.empty { opacity: .8; max-width: 40em; }`);

const root = document.getElementById('root') ?? document.body;
root.append(
	el('h2', 'Rampart Trace Canvas'),
	el('p', 'No STPA-Sec analysis is stored in this workspace yet. The canvas shows the graph from stakeholder requirements down to the code that mitigates each threat once an analysis exists in .rampart/.', 'empty'),
);
