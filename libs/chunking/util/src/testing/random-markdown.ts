// Generates Markdown documents together with what a correct parse must find: each section's heading path and words.
import type { Random } from './seeded-random';

export interface ExpectedSection {
  heading?: string;
  words: string[];
}

export interface GeneratedDocument {
  text: string;
  sections: ExpectedSection[];
}

// Words that may open a line without making it a heading, fence, list item or underline.
const LINE_OPENERS = [
  'alpha',
  'Beta',
  'the',
  'x1',
  'v1.2',
  'e.g.',
  'Dr.',
  'U.S.',
  '(see',
  '"quoted"',
  '#tag',
  'C#',
];
const WORDS = [
  ...LINE_OPENERS,
  'end.',
  'why?',
  'wow!',
  'i.e.',
  'a.b.c',
  '#',
  '##',
  '---',
  '===',
  '```',
  '-',
  '1.',
];
const CODE_LINES = [
  '# comment',
  '## not a heading',
  'Title',
  '===',
  '---',
  'x = 1.5; y.z()',
  '',
  '    nested.call();',
];
const SEPARATORS = ['\n', '\n\n', '\n\n\n', '\n  \n'];

const tokensOf = (text: string) => text.split(/\s+/).filter(Boolean);

function words(random: Random, count: number, punctuate: boolean): string {
  const out = [random.pick(LINE_OPENERS)];
  for (let i = 1; i < count; i++) {
    let word = random.chance(0.02) ? 'x'.repeat(random.int(20, 80)) : random.pick(WORDS);
    if (punctuate && random.chance(0.15)) word += random.pick(['.', '!', '?']);
    out.push(word);
  }
  return out.join(random.chance(0.1) ? '  ' : ' ');
}

function paragraph(random: Random): string {
  const long = random.chance(0.2);
  const lines = random.int(1, long ? 8 : 3);
  const punctuate = random.chance(0.7);
  return Array.from({ length: lines }, () => words(random, random.int(1, long ? 60 : 12), punctuate)).join(
    '\n',
  );
}

function list(random: Random): string {
  return Array.from({ length: random.int(1, 6) }, () => {
    const marker = random.pick(['- ', '* ', '1. ', '  - ', '10) ']);
    const item = `${marker}${words(random, random.int(1, 15), true)}`;
    return random.chance(0.2) ? `${item}\n   ${words(random, random.int(1, 8), true)}` : item;
  }).join('\n');
}

// Each fence comes with lines that look like fences but must not close it.
const FENCES: Record<string, string[]> = {
  '```': ['~~~', '~~~~'],
  '````': ['```', '~~~'],
  '~~~~': ['~~~', '```'],
};

function code(random: Random, closed: boolean): string {
  const fence = random.pick(Object.keys(FENCES));
  const lookalikes = FENCES[fence] ?? [];
  const lines = Array.from({ length: random.int(1, 30) }, () =>
    random.chance(0.2) ? words(random, random.int(1, 40), true) : random.pick([...CODE_LINES, ...lookalikes]),
  );
  return [`${fence}${random.pick(['', 'ts', ' bash'])}`, ...lines, ...(closed ? [fence] : [])].join('\n');
}

function heading(random: Random, level: number, title: string): string {
  if (level <= 2 && random.chance(0.3))
    return `${title}\n${(level === 1 ? '=' : '-').repeat(random.int(1, 8))}`;
  const indent = ' '.repeat(random.int(0, 3));
  return `${indent}${'#'.repeat(level)} ${title}${random.chance(0.2) ? ' ##' : ''}`;
}

export function randomMarkdown(random: Random): GeneratedDocument {
  const sectionCount = random.int(0, 6);
  const parts: string[] = [];
  const sections: ExpectedSection[] = [];
  const path: { level: number; title: string }[] = [];
  for (let s = 0; s <= sectionCount; s++) {
    const last = s === sectionCount;
    let section: ExpectedSection = { words: [] };
    if (s > 0) {
      const level = random.int(1, 6);
      const title = `T${s} ${random.pick(LINE_OPENERS)}`;
      while ((path.at(-1)?.level ?? 0) >= level) path.pop();
      path.push({ level, title });
      section = { heading: path.map((h) => h.title).join(' > '), words: [] };
      parts.push(heading(random, level, title), random.pick(['\n', '\n\n']));
    }
    const count = random.int(0, 5);
    const blocks = Array.from({ length: count }, (_, b) => {
      const kind = random.int(0, 2);
      if (kind === 0) return paragraph(random);
      if (kind === 1) return list(random);
      // Only the document's last block may leave its fence open: it would swallow what follows.
      return code(random, !(last && b === count - 1 && random.chance(0.3)));
    });
    const body = blocks.map((block, i) => (i > 0 ? random.pick(SEPARATORS) : '') + block).join('');
    parts.push(body, '\n\n');
    section.words = tokensOf(body);
    sections.push(section);
  }
  const text = parts.join('');
  return { text: random.chance(0.2) ? text.replace(/\n/g, '\r\n') : text, sections };
}
