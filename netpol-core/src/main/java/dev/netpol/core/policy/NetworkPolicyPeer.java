package dev.netpol.core.policy;

/**
 * One entry of a rule's {@code from} or {@code to} list: either pods chosen by selectors ({@link
 * PodPeer}) or addresses ({@link IpBlockPeer}).
 *
 * <p>Entries of one list are ORed; the selectors inside one {@link PodPeer} are ANDed. The YAML
 * of the two differs by one {@code -}, the most common real mistake (docs/semantics.md#peers).
 */
public sealed interface NetworkPolicyPeer permits PodPeer, IpBlockPeer {}
