-- Words are no longer stored: a push keeps why it stands as it does as a provider-neutral reason code
-- (io.stkpush.api.PushReason), and the provider's own text beside its raw result code. The sentences older rows
-- hold stay, as provider text: with no reason, that is what the operator reads.
ALTER TABLE push_request ADD COLUMN reason VARCHAR(32);

ALTER TABLE push_request RENAME COLUMN message TO provider_text;
