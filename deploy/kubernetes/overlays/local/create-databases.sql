-- Run once by the postgres image when its data folder is new, as POSTGRES_USER,
-- in POSTGRES_DB (rasa: the tracker store). The other two processes' databases:
CREATE DATABASE dashboard;
CREATE DATABASE console;
