export { CHUNKER_ID, type ChunkerSettings, DEFAULT_CHUNKER_SETTINGS } from './chunker-settings';
export { chunkText, type TextChunk } from './chunk-text';
