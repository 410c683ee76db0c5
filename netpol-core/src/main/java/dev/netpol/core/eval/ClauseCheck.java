package dev.netpol.core.eval;

import java.util.Optional;

/**
 * How one entry of a rule's peer list ({@code from}/{@code to}) or port list ({@code ports})
 * fared against a connection.
 *
 * <pre>{@code
 * // peer 0 {podSelector: app=frontend}: pod default/x does not match podSelector app=frontend: it has app=admin
 * new ClauseCheck(0, "{podSelector: app=frontend}", false,
 *     Optional.of("pod default/x does not match podSelector app=frontend: it has app=admin"));
 * }</pre>
 *
 * @param index the entry's position in its list
 * @param clause the entry as netpol prints it, e.g. {@code {podSelector: app=frontend}} or {@code
 *     TCP/80}
 * @param matched whether the entry admits the connection's other end (peer) or port (port)
 * @param reason why it does not match, when there is more to say than "not in the list" (always
 *     for a failed peer; for a port only when it is named)
 */
public record ClauseCheck(int index, String clause, boolean matched, Optional<String> reason) {}
