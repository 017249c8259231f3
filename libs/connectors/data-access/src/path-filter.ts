import picomatch from 'picomatch';

/** Include/exclude globs over docIds (paths relative to the root, "/"-separated). */
export interface PathFilterOptions {
  include?: readonly string[];
  exclude?: readonly string[];
}

/**
 * A file is indexed when it matches some include glob (all files when none is
 * given) and no exclude glob. Folders matching an exclude glob are not entered.
 */
export class PathFilter {
  private readonly included: (path: string) => boolean;
  private readonly excluded: (path: string) => boolean;

  constructor(options: PathFilterOptions = {}) {
    const include = options.include ?? [];
    const exclude = options.exclude ?? [];
    this.included = include.length > 0 ? picomatch([...include], { dot: true }) : () => true;
    this.excluded = exclude.length > 0 ? picomatch([...exclude], { dot: true }) : () => false;
  }

  acceptsFile(docId: string): boolean {
    return this.included(docId) && !this.excluded(docId);
  }

  entersFolder(docId: string): boolean {
    return !this.excluded(docId) && !this.excluded(`${docId}/`);
  }
}
