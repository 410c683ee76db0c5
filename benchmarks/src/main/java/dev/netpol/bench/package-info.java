/**
 * JMH benchmarks of the reachability engine and the seeded generator of realistic clusters they
 * run on. Nothing here is published; {@code benchmarks/run.sh} builds and runs it.
 */
@NullMarked
package dev.netpol.bench;

import org.jspecify.annotations.NullMarked;
