// The alias every reader and writer of chunks uses; concrete indices behind it
// are versioned per embedding model and swapped atomically.
export const CHUNKS_ALIAS = 'tributary-chunks';

// One record per document: the last applied version, its chunk count and
// whether it was deleted (a tombstone). Independent of the embedding model.
export const DOCUMENT_STATE_INDEX = 'tributary-documents';
