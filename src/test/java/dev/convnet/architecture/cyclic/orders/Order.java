package dev.convnet.architecture.cyclic.orders;

import dev.convnet.architecture.cyclic.billing.Invoice;

/** Half of a deliberate module cycle: the modularity test must catch it. */
public record Order(String id, Invoice invoice) {
}
