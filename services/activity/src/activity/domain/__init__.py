"""Activity's domain: activities and their life, attendance, service work, compliance. No I/O here."""
