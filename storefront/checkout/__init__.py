"""Checkout: cart, destination and address, shipping, order placement, stock reservation."""
