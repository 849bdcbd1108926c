export { collectReport, describeChanges, type ReportData, type ReportInput } from './reportData';
export { escapeMarkdown, toMarkdownReport } from './markdownReport';
export { escapeHtml, toHtmlReport } from './htmlReport';
