"""The zone operator's console and the one role guard every back-office page uses."""
