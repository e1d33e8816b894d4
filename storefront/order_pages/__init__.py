"""The buyer's order pages: follow an order, pay it again, cancel it before shipping."""
