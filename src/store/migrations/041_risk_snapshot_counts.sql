-- 041_risk_snapshot_counts.sql — the day's risk snapshot counted per peer
-- group and score (and PSD's view of the score), so one person's peer
-- percentile reads a few dozen rows instead of counting every peer
-- (docs/risk.md, Figures). Written by snapshot_ensure with the snapshot;
-- the snapshots made before it are remade, with their counts, on first use.
CREATE TABLE risk_snapshot_counts (
	day   TEXT NOT NULL,
	peer  TEXT NOT NULL,           -- rank '|' kind of unit, as risk_snapshot
	psd   INTEGER NOT NULL,        -- 1: counts of score_psd, 0: of score
	score INTEGER NOT NULL,
	n     INTEGER NOT NULL,
	PRIMARY KEY (day, peer, psd, score)
);
DELETE FROM risk_snapshot_days;
