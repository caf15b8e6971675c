"""The daily digest of reminders (filled in below)."""
