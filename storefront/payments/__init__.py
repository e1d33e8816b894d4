"""Payments: the PaymentGateway port, its Stripe and sandbox adapters, the webhook."""
