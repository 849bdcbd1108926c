// The LLM layer's public surface: import from here, not from the files behind it.
export { AnthropicChatModel, type AnthropicChatModelOptions } from './anthropicChatModel';
export { collectResponse, StreamingChatModel } from './collect';
export { isProviderError, ProviderError, type ProviderErrorKind } from './errors';
export { generateObject, type GenerateObjectOptions, type GenerateObjectResult } from './generateObject';
export { extractJson } from './jsonExtraction';
export { OpenAiChatModel, type OpenAiChatModelOptions } from './openAiChatModel';
export { createOpenAiCompatibleChatModel, type OpenAiCompatibleOptions } from './openAiCompatibleChatModel';
export { createChatModel, fromEnvironment, parseProviderProfile, providerKinds, providerProfileSchema, type CreateChatModelOptions, type ProviderProfile, type SecretSource } from './providerConfig';
export { redact, redactingLogger, SecretRegistry, silentLogger, type Logger, type LogLevel } from './redact';
export { ResilientChatModel, systemClock, type Clock, type ResilienceOptions } from './resilientChatModel';
export { defineTool, parseToolArguments, toJsonSchema, type TypedTool } from './tools';
export type * from './types';
export { addUsage, emptyUsage } from './types';
export { costOf, defaultPrices, MeteredChatModel, priceFor, RunUsage, type CallRecord, type ModelPrice, type PriceTable, type UsageTotals } from './usage';
