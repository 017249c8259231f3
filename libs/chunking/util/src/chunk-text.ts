import { assertValidSettings, type ChunkerSettings, DEFAULT_CHUNKER_SETTINGS } from './chunker-settings';
import { markdownSections } from './markdown-sections';
import { packSection } from './pack-section';
import { sectionWords, wordsText } from './section-words';

export interface TextChunk {
  /** Position in the document, from 0. */
  chunk: number;
  /** Body text only: the heading lines are not repeated in it. */
  text: string;
  tokens: number;
  /** Heading path of the chunk's section, e.g. 'Install > Linux'; absent before the first heading. */
  heading?: string;
}

/**
 * Cuts a (Markdown or plain) text into chunks of at most maxTokens tokens.
 * A heading starts a new section and no chunk spans two. Within a section,
 * paragraphs, list items and fenced code blocks are packed whole; one too
 * long for a chunk is cut into sentences (code: lines), then lines, then
 * words. Each chunk after the first of a section starts with the previous
 * chunk's last overlapTokens tokens.
 */
export function chunkText(text: string, settings: ChunkerSettings = DEFAULT_CHUNKER_SETTINGS): TextChunk[] {
  assertValidSettings(settings);
  const chunks: TextChunk[] = [];
  for (const { heading, blocks } of markdownSections(text)) {
    const body = sectionWords(blocks);
    for (const range of packSection(body, settings)) {
      chunks.push({
        chunk: chunks.length,
        text: wordsText(body, range),
        tokens: range.end - range.start,
        ...(heading === undefined ? {} : { heading }),
      });
    }
  }
  return chunks;
}
