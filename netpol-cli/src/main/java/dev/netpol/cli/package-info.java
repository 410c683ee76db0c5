/**
 * The {@code netpol} command: the library's answers from a terminal or a CI job.
 *
 * <pre>
 * mvn -q -B -ntp -pl netpol-cli -am package -DskipTests
 * java -jar netpol-cli/target/netpol.jar explain -f k8s/ default/frontend default/backend TCP/80
 * java -jar netpol-cli/target/netpol.jar check k8s/ --table tables/tcp-80.txt
 * java -jar netpol-cli/target/netpol.jar diff old-k8s/ new-k8s/
 * java -jar netpol-cli/target/netpol.jar matrix k8s/ --format md
 * </pre>
 *
 * <p>Exit codes, the same for every command: {@code 0} the command ran and nothing it was asked
 * to check failed; {@code 1} an expectation failed (a table cell, {@code explain --expect});
 * {@code 2} bad input (a manifest the loader refuses, with file, line and field; an endpoint
 * that names nothing; an unknown option); {@code 3} a {@code diff} found traffic that opened up.
 * Warnings of the loader go to standard error; answers to standard output.
 */
package dev.netpol.cli;
