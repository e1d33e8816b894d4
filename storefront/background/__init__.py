"""Background processes: workers over outboxes and folders, and the periodic scheduler."""
