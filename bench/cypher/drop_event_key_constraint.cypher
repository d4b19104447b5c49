// name: drop_event_key_constraint
// returns: write
// params: none
// bench/event_import.py --no-key-constraint: the import as it was before imported events were
// unique by external_id (the app's next start creates the constraint again).
DROP CONSTRAINT event_external_id IF EXISTS
