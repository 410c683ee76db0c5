package dev.netpol.core.manifest;

/**
 * Bounds on the work one input may cause, so a hostile file fails fast with a clear error.
 *
 * @param maxSourceChars the largest input, in characters
 * @param maxNestingDepth the deepest nesting of mappings and sequences
 * @param maxDocuments the most YAML documents (or JSON values) in one input
 * @param maxAliasExpansion the most nodes that aliases may add to one document
 */
record Limits(int maxSourceChars, int maxNestingDepth, int maxDocuments, long maxAliasExpansion) {}
