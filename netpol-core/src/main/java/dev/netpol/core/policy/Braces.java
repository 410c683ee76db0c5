package dev.netpol.core.policy;

import dev.netpol.core.model.LabelSelector;

/** The flow form of a selector inside cluster-scoped policy text: {@code {}} or {@code {a=b}}. */
final class Braces {
  private Braces() {}

  static String of(LabelSelector selector) {
    return selector.isEmpty() ? "{}" : "{" + selector + "}";
  }
}
