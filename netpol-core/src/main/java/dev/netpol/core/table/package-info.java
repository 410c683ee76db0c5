/**
 * Truth tables: the text format of expected reachability ({@link
 * dev.netpol.core.table.TruthTable}) and the one check of a table against a cluster ({@link
 * dev.netpol.core.table.TableCheck}), whose result ({@link dev.netpol.core.table.TableComparison})
 * the AssertJ assertions and the JUnit extension both report with the same words.
 *
 * <pre>{@code
 * TruthTable expected = TruthTable.parse("tables/tcp-80.txt", Files.readString(path));
 * TableComparison result = expected.checkAgainst(cluster);
 * if (!result.matches()) {
 *   System.out.println(result.describe());   // differing cells explained, then the actual table
 * }
 * }</pre>
 */
@NullMarked
package dev.netpol.core.table;

import org.jspecify.annotations.NullMarked;
