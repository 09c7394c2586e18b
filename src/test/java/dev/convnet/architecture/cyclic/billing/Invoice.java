package dev.convnet.architecture.cyclic.billing;

import dev.convnet.architecture.cyclic.orders.Order;

/** The other half of the deliberate module cycle. */
public record Invoice(String number, Order order) {
}
