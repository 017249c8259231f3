// The alias every reader and writer uses; concrete indices behind it are
// versioned per embedding model and swapped atomically.
export const CHUNKS_ALIAS = 'tributary-chunks';
