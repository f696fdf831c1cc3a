-- 035_declined_gifts_recorded.sql: a declined offer of a gift or hospitality
-- needs no decision (nothing was kept), so it is recorded when declared
-- (domain/gifts.c). Declined offers still waiting in a manager's or PSD's
-- queue from before are recorded too; decided ones keep their history.
UPDATE gifts SET status = 'recorded' WHERE accepted = 0 AND status IN ('awaiting_manager', 'awaiting_psd');
