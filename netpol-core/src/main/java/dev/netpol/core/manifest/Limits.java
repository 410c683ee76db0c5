package dev.netpol.core.manifest;

/**
 * Bounds on the work one input may cause, so a hostile file fails fast with a clear error.
 *
 * @param maxSourceChars the largest input, in characters
 * @param maxNestingDepth the deepest nesting of mappings and sequences
 * @param maxDocuments the most YAML documents (or JSON values) in one input
 * @param maxAliasExpansion the most nodes that aliases may add to one document
 * @param maxScalarChars the longest value (and, in YAML, the longest line): a Kubernetes object
 *     is at most about 1.5 MB, so no value of a valid manifest is longer; checked before parsing,
 *     because the YAML parser's time grows with the square of a line's length
 */
record Limits(
    int maxSourceChars,
    int maxNestingDepth,
    int maxDocuments,
    long maxAliasExpansion,
    int maxScalarChars) {}
