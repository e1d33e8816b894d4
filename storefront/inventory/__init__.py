"""Stock: reservations held for unpaid orders, committed when paid, released otherwise."""
