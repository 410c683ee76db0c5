/**
 * Lint: the mistakes a reviewer of a NetworkPolicy change would catch, found by the semantics
 * rather than by reading the YAML (a peer that matches nothing, a rule another one already
 * covers, egress isolation that forgets DNS...). Each {@link dev.netpol.core.lint.Finding} has a
 * stable code from {@link dev.netpol.core.lint.LintCode}, a severity, the file, line and field
 * path, and a hint; docs/lint.md lists every code with an example and its fix.
 */
package dev.netpol.core.lint;
