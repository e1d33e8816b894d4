"""Orders, sub-orders per producer, their state machines and audit trail."""
