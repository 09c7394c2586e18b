-- Folder datasets registered over HTTP: the folder stays where it is (every node reads it from its own
-- filesystem); this row is what makes every node list it and survives restarts. Plain SQL for H2 and PostgreSQL.
CREATE TABLE folder_datasets (
    name       VARCHAR(64)   PRIMARY KEY,
    path       VARCHAR(4096) NOT NULL,
    height     INTEGER       NOT NULL,
    width      INTEGER       NOT NULL,
    channels   INTEGER       NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL
);
