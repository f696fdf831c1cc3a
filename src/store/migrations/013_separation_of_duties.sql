-- 013: separation of duties (src/domain/duty.h). Whether a line manager is
-- conflicted from a kind of decision about someone they manage:
-- 0 no, 1 the direct line manager, 2 anyone above in the chain.
INSERT INTO config(key, value) VALUES
	('duty.line_manager.psd', '1'),
	('duty.line_manager.acu', '1'),
	('duty.line_manager.vetting', '1');
