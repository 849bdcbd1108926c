import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './startServer';

// Entry point of dist/server.js: the transport (--stdio, --node-ipc, --socket) comes from argv.
startServer(createConnection(ProposedFeatures.all));
