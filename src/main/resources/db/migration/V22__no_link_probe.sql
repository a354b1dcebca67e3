-- A first load's candidates are found in memory now (ADR 37), so the table the candidate join used is gone.
drop table link_probe;
