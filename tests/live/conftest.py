"""Tests against Stripe's test mode: collected only when STRIPE_TEST_KEY (sk_test_...) is set."""

import os

collect_ignore_glob = (
    [] if os.environ.get("STRIPE_TEST_KEY", "").startswith("sk_test_") else ["test_*.py"]
)
