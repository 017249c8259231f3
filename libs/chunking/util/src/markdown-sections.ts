// Splits a Markdown text into heading-delimited sections of paragraphs, list items and code blocks.
import {
  atxHeading,
  closesFence,
  type Fence,
  isBlank,
  isListItem,
  openingFence,
  setextLevel,
} from './markdown-lines';

export interface Block {
  kind: 'paragraph' | 'list-item' | 'code';
  /** Source lines; a code block keeps its fences and inner blank lines. */
  lines: string[];
  /** Whether a blank line separates this block from the one before it. */
  blankBefore: boolean;
}

export interface Section {
  /** Heading path, outermost first, joined by ' > '; absent before the first heading. */
  heading?: string;
  /** The body: everything under the heading line(s) up to the next heading. */
  blocks: Block[];
}

const HEADING_SEPARATOR = ' > ';

/** One pass over the lines; headings inside code fences do not count. */
export function markdownSections(text: string): Section[] {
  const sections: Section[] = [];
  const path: { level: number; title: string }[] = [];
  let section: Section = { blocks: [] };
  let open: Block | undefined; // the paragraph or list item that the next text line continues
  let fence: Fence | undefined;
  let blank = false;

  const startSection = (level: number, title: string) => {
    sections.push(section);
    while ((path.at(-1)?.level ?? 0) >= level) path.pop();
    path.push({ level, title });
    const heading = path
      .map((h) => h.title)
      .filter(Boolean)
      .join(HEADING_SEPARATOR);
    section = heading ? { heading, blocks: [] } : { blocks: [] };
    open = undefined;
    blank = false;
  };
  const startBlock = (kind: Block['kind'], line: string): Block => {
    const block: Block = { kind, lines: [line], blankBefore: blank };
    section.blocks.push(block);
    blank = false;
    return block;
  };

  for (const line of text.split('\n')) {
    if (fence) {
      section.blocks.at(-1)?.lines.push(line);
      if (closesFence(line, fence)) fence = undefined;
      continue;
    }
    if (isBlank(line)) {
      open = undefined;
      blank = true;
      continue;
    }
    fence = openingFence(line);
    if (fence) {
      startBlock('code', line);
      open = undefined;
      continue;
    }
    const atx = atxHeading(line);
    if (atx) {
      startSection(atx.level, atx.title);
      continue;
    }
    const underline = setextLevel(line);
    // Only a one-line paragraph is underlined into a heading, so a rule under
    // wrapped plain text (PDF, e-mail) cannot turn a whole paragraph into one.
    if (underline && open?.kind === 'paragraph' && open.lines.length === 1) {
      section.blocks.pop();
      startSection(underline, open.lines[0]?.trim() ?? '');
      continue;
    }
    if (isListItem(line)) open = startBlock('list-item', line);
    else if (open) open.lines.push(line);
    else open = startBlock('paragraph', line);
  }
  sections.push(section);
  return sections.filter((s) => s.blocks.length > 0);
}
