"""Ingest: every event Bastion publishes, turned into facts and ledger entries in one transaction."""
