"""After payment: cancelling and withdrawing, handing parcels to the carrier."""
