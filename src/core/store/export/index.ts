export { positions, escapeXml } from './common';
export { toDot, quoteDot } from './dot';
export { toDrawio } from './drawio';
export { toGraphml } from './graphml';
export { toMermaid, escapeMermaid } from './mermaid';
export { fromNativeJson, subgraph, toNativeJson } from './native';
